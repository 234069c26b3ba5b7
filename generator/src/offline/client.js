// Offline reading (part of every page's script, `render::script` fills in the names and
// words): registers the guide's service worker (scope: the guide's base path) and,
// when it has installed a newer version of the guide, offers to switch to it.
// It starts once the page has loaded, so keeping the guide never slows the first page down.
const keepOffline = () => {
  const scope = new URL("../", import.meta.url);
  navigator.serviceWorker
    .register(new URL("../sw.js", import.meta.url), { scope: scope.pathname })
    .then((registration) => {
      const offer = () => {
        let region = document.querySelector("[__ATTR_UPDATE__]");
        if (!region) {
          region = document.createElement("div");
          region.setAttribute("__ATTR_UPDATE__", "");
          region.setAttribute("role", "status");
          document.body.append(region);
        }
        if (region.childElementCount) return;
        const text = document.createElement("p");
        text.textContent = "__UPDATE_AVAILABLE__";
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button";
        button.textContent = "__UPDATE_RELOAD__";
        button.addEventListener("click", () => {
          const waiting = registration.waiting;
          if (!waiting) return location.reload();
          navigator.serviceWorker.addEventListener("controllerchange", () => location.reload());
          waiting.postMessage("skip-waiting");
        });
        region.append(text, button);
      };
      // Only a page that a worker already serves can be out of date.
      const watch = (worker) =>
        worker &&
        worker.addEventListener("statechange", () => {
          if (worker.state === "installed" && navigator.serviceWorker.controller) offer();
        });
      if (registration.waiting && navigator.serviceWorker.controller) offer();
      watch(registration.installing);
      registration.addEventListener("updatefound", () => watch(registration.installing));
      const check = () => registration.update().catch(() => {});
      addEventListener("online", check);
      document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && check());
      return navigator.serviceWorker.ready;
    })
    .then((ready) => ready.active && ready.active.postMessage({ visited: location.href }))
    // Without a worker (a browser setting, a private window) the guide still works online.
    .catch(() => {});
};
if ("serviceWorker" in navigator) {
  if (document.readyState === "complete") keepOffline();
  else addEventListener("load", keepOffline, { once: true });
}
