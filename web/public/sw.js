/*
 * Linli's service worker (docs/ARCHITECTURE.md "Offline phone pages"): the app shell works with no
 * network. Pages are network-first, falling back to the cached shell (the phone's or the console's); the hashed build assets are
 * cache-first; a few GET answers the grid worker's round needs (who is signed in, this month's
 * plan, the case categories) are network-first with the last copy as the fallback. Nothing else
 * is cached: other API calls fail offline and the pages say so (visits wait in IndexedDB).
 * Signing out clears the cached answers (the page posts "clear").
 */
const SHELL = 'linli-shell-v1';
const API = 'linli-api-v1';
const OFFLINE_API = [/^\/api\/auth\/me$/, /^\/api\/visits\/plan$/, /^\/api\/case-categories$/, /^\/api\/care\/mine$/];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll([new Request('/', { cache: 'reload' }), new Request('/m', { cache: 'reload' })]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== API).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'clear') event.waitUntil(caches.delete(API));
});

async function networkFirst(request, cacheName, fallback) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallback ?? request, response.clone());
    return response;
  } catch (err) {
    const cached = await cache.match(fallback ?? request);
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // two pages: the phone's (m.html under /m) and the console's (index.html)
    const shell = url.pathname === '/m' || url.pathname.startsWith('/m/') ? '/m' : '/';
    event.respondWith(networkFirst(request, SHELL, shell));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (OFFLINE_API.some((p) => p.test(url.pathname))) event.respondWith(networkFirst(request, API));
});
