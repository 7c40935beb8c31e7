// The field app's service worker (docs/offline.md), served by szansa.web.field.views.service_worker at
// /teren/sw.js with the scope /teren/. The view puts before this file the constants SHELL (the addresses of
// the app shell: the /teren/ page, its scripts, styles, the vendored idb and the icon) and CACHE (the cache's
// name, which changes with the shell, so a new version of Szansa replaces the old cache).
//
// - The /teren/ page: from the network when there is one (a fresh page, fresh CSRF token), kept in the cache;
//   from the cache when the network fails (offline), so a reload in the field shows the app.
// - The shell's static files: from the cache, else the network.
// - The API and everything else: never cached (the interviews are kept only sealed, in IndexedDB).
/* global SHELL, CACHE, PAGE */
"use strict";

async function keep(cache, url) {
  const response = await fetch(url, { credentials: "same-origin", cache: "no-cache" });
  // A redirect (to the sign-in page) or an error is not the app: it is not kept.
  if (response.ok && !response.redirected) await cache.put(url, response);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => Promise.all(SHELL.map((url) => keep(cache, url))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith("szansa-teren-") && name !== CACHE).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function page(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) await cache.put(PAGE, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(PAGE);
    if (cached) return cached;
    throw error;
  }
}

async function shellFile(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === PAGE) {
    event.respondWith(page(request));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(shellFile(request));
  }
});
