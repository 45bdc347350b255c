/* The portal's service worker, served at /portal/sw.js by portal/views/app.py, which writes
   self.PORTAL_APP (portal/offline.py) before this code: the shell's version and files, which
   forms may wait on the phone, and the header that says a page may be kept.

   - The shell (CSS, JS, icons, the offline and waiting pages) is kept at install, under a
     name carrying its version; older versions are removed on activate.
   - A page is asked from the network first; a copy is kept only when the server says so
     (never a student's data, never /accounts/ or /admin/) and read from here when offline,
     marked with the time it was kept.
   - A field form sent while the network is gone is kept in the outbox (js/outbox.js) and the
     volunteer is shown the waiting page; it is sent when the connection returns. An intake
     kept so gets a provisional code ("Mã tạm") until the server gives the real one.
   - A device's page kept here is also found by its asset code (the server names it in a
     header): offline, a code typed or scanned on the scan page, or a label's address, opens
     the kept page, or the scan page saying that device was never kept on this phone.
   - A notice pushed by the server (portal/channels/push.py) is shown with the app's icon; an
     urgent one stays until it is dealt with. Touching it brings up the portal at the page
     it names. */
"use strict";
const APP = self.PORTAL_APP;
importScripts(APP.outbox);

const SHELL = `portal-shell-${APP.version}`;
const PAGES = `portal-pages-${APP.version}`;
const QUEUED = APP.queued.map(([pattern, title]) => [new RegExp(pattern), title]);
const LABEL = new RegExp(APP.label);
const GIVES_CODE = new RegExp(APP.givesCode);

self.addEventListener("install", (event) => {
    event.waitUntil(
        caches
            .open(SHELL)
            .then((cache) => cache.addAll(APP.shell))
            .then(() => self.skipWaiting()),
    );
});

self.addEventListener("activate", (event) => {
    event.waitUntil(
        caches
            .keys()
            .then((names) =>
                Promise.all(
                    names
                        .filter(
                            (name) => name.startsWith("portal-") && ![SHELL, PAGES].includes(name),
                        )
                        .map((name) => caches.delete(name)),
                ),
            )
            .then(() => self.clients.claim()),
    );
});

const offlinePage = () => caches.match(APP.offline, { cacheName: SHELL });

/* The same rule as normalise_asset_code (portal/models/devices.py): "lt-00042" is LT00042. */
const normalised = (code) => code.toUpperCase().replace(/[^A-Z0-9]/g, "");

/* Where the address of the kept page of the device with this code is kept. */
const codeKey = (code) =>
    new URL(`${APP.find}?kept=${encodeURIComponent(normalised(code))}`, self.location.origin).href;

/* The code a navigation asks for: typed or scanned into the scan page, or a label's address
   opened by the phone's own camera app. Not when the scan page already says it is missing. */
const askedCode = (url) => {
    if (url.pathname === APP.find) {
        return url.searchParams.has("missing") ? "" : url.searchParams.get("code") || "";
    }
    const label = url.pathname.match(LABEL);
    return label ? decodeURIComponent(label[1]) : "";
};

/* Offline: to the device's kept page, else back to the scan page that says so. */
const keptByCode = (code) =>
    caches
        .open(PAGES)
        .then((cache) =>
            cache
                .match(codeKey(code))
                .then((kept) => (kept ? kept.text() : ""))
                .then((address) =>
                    address
                        ? cache
                              .match(address, { ignoreVary: true })
                              .then((page) => (page ? address : ""))
                        : "",
                ),
        )
        .then((address) =>
            Response.redirect(
                address || `${APP.find}?code=${encodeURIComponent(code)}&missing=1`,
                302,
            ),
        );

/* Keep a copy of a page the server allows, with the time it was kept written into the
   banner's placeholder (portal/base.html), or forget an older copy it no longer allows. */
const remember = (request, response) =>
    caches.open(PAGES).then((cache) => {
        if (response.type !== "basic" || response.headers.get(APP.keepHeader) !== "keep") {
            return cache.delete(request, { ignoreVary: true });
        }
        const code = response.headers.get(APP.codeHeader);
        return response.text().then((html) => {
            const stamped = html.replace("data-saved-at ", `data-saved-at="${Date.now()}" `);
            return Promise.all([
                cache.put(
                    request,
                    new Response(stamped, { status: 200, headers: response.headers }),
                ),
                code && cache.put(codeKey(code), new Response(request.url)),
            ]);
        });
    });

/* A page asks for itself to be kept: the one that installed this worker, loaded before it. */
self.addEventListener("message", (event) => {
    const url = event.data?.keep;
    if (!url || new URL(url).origin !== self.location.origin) return;
    event.waitUntil(
        fetch(url, { credentials: "same-origin" })
            .then((response) => remember(new Request(url), response))
            .catch(() => {}),
    );
});

/* The copy kept of a page, or failing that the shell's (the waiting page), or the offline
   page. */
const keptPage = (request) =>
    caches
        .match(request, { cacheName: PAGES, ignoreVary: true })
        .then(
            (kept) =>
                kept ||
                caches.match(request, {
                    cacheName: SHELL,
                    ignoreSearch: true,
                    ignoreVary: true,
                }),
        )
        .then((kept) => kept || offlinePage());

/* A page is asked from the network first; `offline` answers when there is none. On a slow
   connection (no answer within APP.patience ms) the copy kept on the phone is shown
   meanwhile, marked with the time it was kept; the network's answer still replaces that
   copy, and the page is told so it can offer to reload. Never just after a form was sent:
   the page that follows must say what the server did with it. */
const SETTLE_MS = 10000;
let lastSent = 0;
const waitFor = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const page = (event, offline = () => keptPage(event.request)) => {
    const network = fetch(event.request).then((response) => {
        const kept = remember(event.request, response.clone());
        event.waitUntil(kept);
        return { response, kept };
    });
    event.waitUntil(network.catch(() => {}));
    const fresh = network.then(({ response }) => response);
    const hurry = APP.patience > 0 && Date.now() - lastSent > SETTLE_MS;
    const shown = !hurry
        ? fresh
        : Promise.race([
              fresh,
              waitFor(APP.patience)
                  .then(() => caches.match(event.request, { cacheName: PAGES, ignoreVary: true }))
                  .then((kept) => {
                      if (!kept) return fresh;
                      event.waitUntil(
                          network
                              .then(({ kept: stored }) => stored)
                              .then(() => self.clients.get(event.resultingClientId))
                              .then((client) => client?.postMessage({ fresh: true }))
                              .catch(() => {}),
                      );
                      return kept;
                  }),
          ]);
    return shown.catch(offline);
};

/* A provisional code for an intake kept offline: never sent, never a real code's shape. */
const provisionalCode = () => {
    const letters = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const picks = crypto.getRandomValues(new Uint8Array(4));
    return `TAM-${Array.from(picks, (pick) => letters[pick % letters.length]).join("")}`;
};

const queued = (path) => {
    const match = QUEUED.find(([pattern]) => pattern.test(path));
    return match ? match[1] : "";
};

/* A field form: sent as usual; if the network is gone, kept on the phone instead. */
const submit = (event, title) => {
    const copy = event.request.clone();
    return fetch(event.request).catch(() =>
        copy.formData().then((form) => {
            const path = new URL(copy.url).pathname;
            const extra = GIVES_CODE.test(path) ? { provisional: provisionalCode() } : {};
            return self.Outbox.add(path, title, form, extra).then((id) => {
                if (self.registration.sync) {
                    self.registration.sync.register("outbox").catch(() => {});
                }
                return Response.redirect(`${APP.waiting}?saved=${id}`, 303);
            });
        }),
    );
};

self.addEventListener("fetch", (event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (url.origin !== self.location.origin) return;
    if (
        request.method === "GET" &&
        APP.shell.includes(url.pathname) &&
        request.mode !== "navigate"
    ) {
        event.respondWith(
            caches.match(request, { cacheName: SHELL }).then((kept) => kept || fetch(request)),
        );
        return;
    }
    if (request.mode !== "navigate") return;
    if (request.method === "GET") {
        const code = askedCode(url);
        event.respondWith(code ? page(event, () => keptByCode(code)) : page(event));
        return;
    }
    lastSent = Date.now();
    const title = request.method === "POST" && queued(url.pathname);
    event.respondWith(title ? submit(event, title) : fetch(request).catch(() => offlinePage()));
});

/* Background Sync, where the browser has it: send what waits even with no page open. */
self.addEventListener("sync", (event) => {
    if (event.tag !== "outbox") return;
    event.waitUntil(
        self.Outbox.sendAll("").then((outcome) => {
            if (outcome.stopped === "offline" || outcome.stopped === "later") {
                throw new Error("outbox: try again later");
            }
        }),
    );
});

/* A notice from the server: {title, body, url, tag, urgent}, decrypted by the browser. */
self.addEventListener("push", (event) => {
    let notice = {};
    try {
        notice = event.data ? event.data.json() : {};
    } catch {
        notice = { body: event.data.text() };
    }
    const options = {
        body: notice.body || "",
        icon: APP.icon,
        lang: "vi",
        data: { url: notice.url || APP.home },
        requireInteraction: Boolean(notice.urgent),
    };
    if (notice.tag) {
        // A newer notice about the same page takes the place of the older one, and still rings.
        options.tag = notice.tag;
        options.renotify = true;
    }
    event.waitUntil(self.registration.showNotification(notice.title || APP.name, options));
});

/* The page a notice opens: on this site only, the portal's home page otherwise. */
const noticePage = (notification) => {
    const url = new URL(notification.data?.url || APP.home, self.location.origin);
    return url.origin === self.location.origin ? url : new URL(APP.home, self.location.origin);
};

/* A window of the portal already open is brought forward and taken to the page (focus may
   be refused, when the window is on its way out: it is still taken there); else the page
   opens in a new one. */
const openNotice = (notification) => {
    const url = noticePage(notification);
    const scope = new URL(self.registration.scope);
    return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
        const portal =
            windows.find((client) => client.url === url.href) ||
            windows.find((client) => client.url.startsWith(scope.href));
        if (!portal) return self.clients.openWindow(url.href);
        return portal
            .focus()
            .catch(() => portal)
            .then(() => (portal.url === url.href ? portal : portal.navigate(url.href)))
            .catch(() => self.clients.openWindow(url.href));
    });
};

self.addEventListener("notificationclick", (event) => {
    event.notification.close();
    event.waitUntil(openNotice(event.notification));
});
