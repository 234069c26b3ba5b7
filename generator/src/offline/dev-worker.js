// The dev server's service worker: `stepwise serve` keeps nothing in the browser. A worker
// left by a published copy of the site on this address is replaced by this one, which deletes
// the caches Stepwise made, takes over the open pages (so none is answered from a cache any
// more) and unregisters itself. It handles no request: everything comes from the server.
self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("stepwise ")).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
      .then(() => self.registration.unregister()),
  );
});
