/* The entries waiting on this phone (IndexedDB), and sending them. Shared by the portal's
   pages (a classic script) and its service worker (importScripts), so both send the same way.

   An entry is one form as it was submitted: its address, its fields (a photo kept as a
   blob) and its one-time key (form_key). The server keeps one record per key, so an entry
   sent twice (the answer lost on the way, a page and the worker sending at once) is saved
   once. An entry the server refuses stays here, marked with the server's own message, until
   the volunteer corrects or discards it: nothing is dropped without them.

   An intake kept offline carries a provisional code ("Mã tạm"), never sent: the server alone
   gives real codes. Once it is sent, a receipt keeps the real code the server named
   (X-Asset-Code on the device's page it answers with) beside the provisional one, so the
   volunteer can relabel the device; receipts go after a week, or when dismissed. */
((scope) => {
    "use strict";
    const NAME = "portal-outbox";
    const STORE = "entries";
    const SENT = "sent";
    const CODE_HEADER = "X-Asset-Code"; // portal/offline.py CODE_HEADER
    const WEEK = 7 * 24 * 3600 * 1000;

    const open = () =>
        new Promise((resolve, reject) => {
            const request = indexedDB.open(NAME, 2);
            request.onupgradeneeded = () => {
                const db = request.result;
                if (!db.objectStoreNames.contains(STORE)) {
                    db.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
                }
                if (!db.objectStoreNames.contains(SENT)) {
                    db.createObjectStore(SENT, { keyPath: "key" });
                }
            };
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });

    const run = (mode, work, name = STORE) =>
        open().then(
            (db) =>
                new Promise((resolve, reject) => {
                    const transaction = db.transaction(name, mode);
                    const result = work(transaction.objectStore(name));
                    transaction.oncomplete = () => {
                        db.close();
                        resolve(result && "result" in result ? result.result : undefined);
                    };
                    transaction.onerror = () => {
                        db.close();
                        reject(transaction.error);
                    };
                }),
        );

    const all = () =>
        run("readonly", (store) => store.getAll()).then((entries) =>
            entries.sort((a, b) => a.id - b.id),
        );
    const get = (id) => run("readonly", (store) => store.get(id));
    const remove = (id) => run("readwrite", (store) => store.delete(id));
    const clear = () =>
        Promise.all([
            run("readwrite", (store) => store.clear()),
            run("readwrite", (store) => store.clear(), SENT),
        ]);
    const count = () => run("readonly", (store) => store.count());
    const put = (entry) => run("readwrite", (store) => store.put(entry));

    /* The intakes sent lately, each with its real code and the provisional one it replaces;
       older than a week, forgotten. */
    const receipts = () =>
        run("readwrite", (store) => store.getAll(), SENT).then((all) => {
            const old = all.filter((receipt) => receipt.sentAt < Date.now() - WEEK);
            return Promise.all(
                old.map((receipt) => run("readwrite", (store) => store.delete(receipt.key), SENT)),
            ).then(() =>
                all.filter((receipt) => !old.includes(receipt)).sort((a, b) => a.sentAt - b.sentAt),
            );
        });
    const dismiss = (key) => run("readwrite", (store) => store.delete(key), SENT);

    /* Keep a submitted form. The same form kept twice (tapped again while offline) is one
       entry: the later copy replaces the earlier. */
    const add = (url, title, formData, extra = {}) => {
        const fields = [];
        formData.forEach((value, name) => {
            fields.push([name, value]);
        });
        const key = formData.get("form_key") || "";
        return all().then((entries) => {
            const same = key && entries.find((entry) => entry.key === key);
            const entry = {
                ...extra,
                url,
                title,
                key,
                fields,
                savedAt: Date.now(),
                state: "waiting",
                message: "",
            };
            if (same) {
                entry.id = same.id;
                // Tapped again: the code already shown (and maybe written on the device) stays.
                if (same.provisional) entry.provisional = same.provisional;
            }
            return put(entry);
        });
    };

    const text = (html) =>
        html
            .replace(/<[^>]*>/g, " ")
            .replace(/&quot;/g, '"')
            .replace(/&#x?0*27;|&#39;/g, "'")
            .replace(/&lt;/g, "<")
            .replace(/&gt;/g, ">")
            .replace(/&amp;/g, "&")
            .replace(/\s+/g, " ")
            .trim();

    /* The server's reason, read from the page it answered with: the error summary's items
       (base.html shows every mistake there), else the page's heading. Plain text search,
       because a service worker has no DOMParser. */
    const reason = (html, status) => {
        const summary = html.match(/class="error-summary__list"[^>]*>([\s\S]*?)<\/ul>/);
        if (summary) {
            const items = summary[1].match(/<li[^>]*>[\s\S]*?<\/li>/g) || [];
            const messages = items.map(text).filter(Boolean);
            if (messages.length) return messages.join(" · ");
        }
        const heading = html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/);
        return heading ? `${text(heading[1])} (${status})` : String(status);
    };

    /* Send one entry. "sent", "refused" (kept, marked), or a reason to stop and try again
       later: "offline", "sign-in" (the session ended), "later" (the server failed). */
    const send = (entry, csrfToken) => {
        const body = new FormData();
        entry.fields.forEach(([name, value]) => {
            if (name === "csrfmiddlewaretoken" && csrfToken) return;
            // A file field left empty: the browser sends nothing for it, so neither do we.
            if (value instanceof Blob && !value.size && !value.name) return;
            if (value instanceof Blob) body.append(name, value, value.name || "photo");
            else body.append(name, value);
        });
        if (csrfToken) body.append("csrfmiddlewaretoken", csrfToken);
        return fetch(entry.url, { method: "POST", body, credentials: "same-origin" }).then(
            (response) => {
                const path = new URL(response.url).pathname;
                if (/^(\/en)?\/accounts\//.test(path)) return "sign-in";
                if (response.status >= 500) return "later";
                // Without a fresh token (the worker, alone) a refusal may be the token's.
                if (response.status === 403 && !csrfToken) return "later";
                if (response.ok && response.redirected) {
                    const code = response.headers.get(CODE_HEADER);
                    const receipt =
                        entry.provisional && code
                            ? run(
                                  "readwrite",
                                  (store) =>
                                      store.put({
                                          key: entry.key || `entry-${entry.id}`,
                                          title: entry.title,
                                          provisional: entry.provisional,
                                          code,
                                          url: response.url,
                                          savedAt: entry.savedAt,
                                          sentAt: Date.now(),
                                      }),
                                  SENT,
                              )
                            : Promise.resolve();
                    return receipt.then(() => remove(entry.id)).then(() => "sent");
                }
                return response.text().then((html) => {
                    entry.state = "refused";
                    entry.message = reason(html, response.status);
                    return put(entry).then(() => "refused");
                });
            },
            () => "offline",
        );
    };

    /* Send every waiting entry, oldest first, one at a time; stop at the first that cannot
       be sent now. One sender at a time on this phone (a page and the worker may both try). */
    const sendAll = (csrfToken) => {
        const work = () =>
            all().then((entries) => {
                const outcome = { sent: 0, refused: 0, stopped: "" };
                const waiting = entries.filter((entry) => entry.state === "waiting");
                return waiting
                    .reduce(
                        (previous, entry) =>
                            previous.then(() => {
                                if (outcome.stopped) return;
                                return send(entry, csrfToken).then((result) => {
                                    if (result === "sent") outcome.sent += 1;
                                    else if (result === "refused") outcome.refused += 1;
                                    else outcome.stopped = result;
                                });
                            }),
                        Promise.resolve(),
                    )
                    .then(() => outcome);
            });
        return navigator.locks ? navigator.locks.request(NAME, work) : work();
    };

    scope.Outbox = {
        add,
        all,
        get,
        put,
        remove,
        clear,
        count,
        send,
        sendAll,
        receipts,
        dismiss,
    };
})(self);
