/*
 * The kiosk's service worker: when a page cannot be fetched (the server is
 * restarting, or the lobby PC came up first), show the cached "reconnecting"
 * page, which reloads by itself once the server answers. Everything else goes
 * to the network as usual; nothing of the kiosk's data is cached here.
 */
"use strict";

var CACHE = "kiosk-offline-2";
var OFFLINE = ["offline.html", "assets/kiosk.css", "assets/offline/offline.js"];
// staff pages are left to the browser: it asks for the login itself, which it
// does not for an answer that came through a service worker
var STAFF = ["status", "metrics", "healthz", "briefing/today", "staff/"];

function staffPage(url) {
  // by path: a URL typed with the login in it (http://staff:...@host/) has it
  var path = new URL(url).pathname;
  return STAFF.some(function (page) {
    return path.indexOf(new URL(scoped(page)).pathname) === 0;
  });
}

function scoped(path) {
  return new URL(path, self.registration.scope).href;
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(function (cache) {
        return cache.addAll(OFFLINE.map(scoped));
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name !== CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

self.addEventListener("fetch", function (event) {
  var kept = OFFLINE.map(scoped).indexOf(event.request.url) >= 0;
  if (kept) {
    // the offline page's own style and script, from the network when it answers
    event.respondWith(
      fetch(event.request).catch(function () {
        return caches.match(event.request);
      })
    );
    return;
  }
  if (event.request.mode !== "navigate" || staffPage(event.request.url)) return;
  event.respondWith(
    fetch(event.request)
      .then(function (response) {
        // keep the offline page (its text follows the config, its style the
        // release) in step with the server that just answered
        event.waitUntil(
          caches.open(CACHE).then(function (cache) {
            return cache.addAll(OFFLINE.map(scoped));
          }).catch(function () {})
        );
        return response;
      })
      .catch(function () {
        return caches.match(scoped("offline.html"));
      })
  );
});
