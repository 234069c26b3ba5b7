// The service worker of a Stepwise site that does not work offline (`offline: false`, and
// every `stepwise serve` preview). A worker an earlier version left in the reader's browser is
// replaced by this one, which deletes the caches Stepwise made, takes over the open pages and
// unregisters itself. It handles no request: everything comes from the server.
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
