/* The portal's pages as an app on a phone (see js/service-worker.js and js/outbox.js):
   registers the worker; shows how many entries wait on this phone; marks a page read from the
   phone's storage; sends what waits when the connection returns; lists the waiting entries,
   opens one to correct it or discards it; and empties the phone at sign-out, after warning if
   entries would be lost. Without JavaScript or a service worker the portal works as before,
   online only. */
(() => {
    "use strict";
    const script = document.querySelector("script[data-offline-app]");
    const Outbox = window.Outbox;
    if (!script || !Outbox || !("indexedDB" in window)) return;

    const csrfToken = () => {
        const field = document.querySelector("input[name=csrfmiddlewaretoken]");
        return field ? field.value : "";
    };

    let waitingNow = null; // known once the count is read: sign-out needs it at once
    const showCount = () =>
        Outbox.count().then((count) => {
            waitingNow = count;
            const link = document.querySelector("[data-outbox-count]");
            if (!link) return count;
            link.textContent = link.dataset.text.replace("{count}", count);
            link.hidden = count === 0;
            return count;
        });

    /* A page read from the phone's storage: say when it was kept, and give its forms new
       one-time keys (the kept copy's key may already have been used). */
    const banner = document.querySelector("[data-saved-at]");
    const savedAt = banner && Number(banner.getAttribute("data-saved-at"));
    if (savedAt) {
        const time = new Date(savedAt).toLocaleTimeString("vi-VN", {
            hour: "2-digit",
            minute: "2-digit",
            hour12: false,
        });
        banner.textContent = banner.dataset.text.replace("{time}", time);
        banner.hidden = false;
        document.querySelectorAll("input[name=form_key]").forEach((field) => {
            field.value = crypto.randomUUID();
        });
    }

    /* A kept copy shown because the network was slow: once the worker has the fresh page,
       offer it (a reload the volunteer chooses, so nothing being typed is lost). */
    if (savedAt && "serviceWorker" in navigator) {
        navigator.serviceWorker.addEventListener("message", (event) => {
            if (!event.data?.fresh) return;
            const reload = document.createElement("a");
            reload.href = window.location.href;
            reload.textContent = banner.dataset.textReload;
            banner.textContent = `${banner.dataset.textFresh} `;
            banner.append(reload);
        });
    }

    /* The waiting page: the entries, each with its state, a way to open it and to drop it. */
    const list = document.querySelector("[data-outbox-list]");
    const sentList = document.querySelector("[data-outbox-sent]");
    const status = document.querySelector("[data-outbox-status]");
    const sendButton = document.querySelector("[data-outbox-send]");
    const say = (message) => {
        if (status) status.textContent = message;
    };

    const draw = () => {
        if (!list) return Promise.resolve();
        const words = list.dataset;
        return Outbox.all().then((entries) => {
            list.replaceChildren();
            if (sendButton) sendButton.hidden = !entries.some((entry) => entry.state === "waiting");
            if (!entries.length) {
                const empty = document.createElement("li");
                empty.textContent = words.textEmpty;
                list.append(empty);
                return;
            }
            entries.forEach((entry) => {
                const item = document.createElement("li");
                item.className = `outbox__entry outbox__entry--${entry.state}`;
                item.dataset.outboxEntry = entry.key;
                const title = document.createElement("strong");
                const when = new Date(entry.savedAt).toLocaleString("vi-VN", { hour12: false });
                title.textContent = `${entry.title} · ${when}`;
                const state = document.createElement("p");
                state.textContent =
                    entry.state === "refused"
                        ? `${words.textRefused} ${entry.message}`
                        : words.textWaiting;
                item.append(title, state);
                if (entry.provisional) {
                    // Marked as provisional: the server gives the real code once it is sent.
                    const code = document.createElement("p");
                    code.className = "outbox__provisional";
                    code.textContent = words.textProvisional.replace("{code}", entry.provisional);
                    item.append(code);
                }
                const open = document.createElement("a");
                open.href = `${entry.url}?outbox=${entry.id}`;
                open.textContent = words.textOpen;
                const discard = document.createElement("button");
                discard.type = "button";
                discard.className = "link-button";
                discard.textContent = words.textDiscard;
                discard.addEventListener("click", () => {
                    if (!window.confirm(words.textDiscardConfirm)) return;
                    Outbox.remove(entry.id).then(draw).then(showCount);
                });
                item.append(open, " · ", discard);
                list.append(item);
            });
        });
    };

    /* The intakes sent lately: the real code the server gave, in place of the provisional. */
    const drawSent = () => {
        if (!sentList) return Promise.resolve();
        const words = sentList.dataset;
        return Outbox.receipts().then((receipts) => {
            sentList.replaceChildren();
            sentList.closest("[data-outbox-sent-section]").hidden = !receipts.length;
            receipts.forEach((receipt) => {
                const item = document.createElement("li");
                item.className = "outbox__entry outbox__entry--sent";
                const title = document.createElement("strong");
                title.textContent = `${receipt.title} · ${words.textCode.replace("{code}", receipt.code)}`;
                const replaced = document.createElement("p");
                replaced.textContent = words.textReplaced.replace("{code}", receipt.provisional);
                const open = document.createElement("a");
                open.href = receipt.url;
                open.textContent = words.textOpen;
                const dismiss = document.createElement("button");
                dismiss.type = "button";
                dismiss.className = "link-button";
                dismiss.textContent = words.textDismiss;
                dismiss.addEventListener("click", () => {
                    Outbox.dismiss(receipt.key).then(drawSent);
                });
                item.append(title, replaced, open, " · ", dismiss);
                sentList.append(item);
            });
        });
    };

    let sending = false;
    const sendWaiting = () => {
        if (sending || !navigator.onLine) return Promise.resolve();
        sending = true;
        return Outbox.sendAll(csrfToken())
            .then((outcome) => {
                if (outcome.stopped === "sign-in" && list) say(list.dataset.textSignIn);
            })
            .finally(() => {
                sending = false;
                return Promise.all([draw(), drawSent(), showCount()]);
            });
    };

    if (list) {
        if (new URLSearchParams(window.location.search).has("saved")) {
            say(list.dataset.textSaved);
        }
        if (sendButton) sendButton.addEventListener("click", sendWaiting);
    }

    /* An entry opened to be corrected: its fields put back into its form; sent again, it
       leaves the outbox (kept again by the worker if the network is gone). */
    const opened = Number(new URLSearchParams(window.location.search).get("outbox"));
    const refill = (entry) => {
        const form = document.querySelector("form[method=post]:not([data-sign-out])");
        if (!entry || !form) return;
        const files = {};
        entry.fields.forEach(([name, value]) => {
            const fields = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
            fields.forEach((field) => {
                if (field.type === "file") {
                    if (value instanceof Blob && value.size) {
                        files[name] = files[name] || new DataTransfer();
                        files[name].items.add(value);
                        field.files = files[name].files;
                    }
                } else if (field.type === "checkbox" || field.type === "radio") {
                    if (field.value === value) field.checked = true;
                } else if (field.tagName === "SELECT" && field.multiple) {
                    Array.from(field.options).forEach((option) => {
                        if (option.value === value) option.selected = true;
                    });
                } else if (!(value instanceof Blob)) {
                    field.value = value;
                }
            });
        });
        if (entry.message) {
            const note = document.createElement("p");
            note.className = "message message--error";
            note.textContent = `${script.dataset.textRefused} ${entry.message}`;
            form.before(note);
        }
        form.addEventListener("submit", (event) => {
            if (!navigator.onLine) return;
            event.preventDefault();
            Outbox.remove(entry.id).then(() => form.submit());
        });
    };
    if (opened) Outbox.get(opened).then(refill);

    /* Signing out empties the phone; entries not yet sent would be lost, so ask first. */
    document.querySelectorAll("form[data-sign-out]").forEach((form) => {
        const forget = () => {
            const work = [Outbox.clear()];
            if ("caches" in window) {
                work.push(
                    caches
                        .keys()
                        .then((names) => Promise.all(names.map((name) => caches.delete(name)))),
                );
            }
            return Promise.all(work);
        };
        form.addEventListener("submit", (event) => {
            // Nothing waits: sign out at once (the server's Clear-Site-Data empties the rest).
            if (waitingNow === 0) {
                forget();
                return;
            }
            event.preventDefault();
            Outbox.count().then((count) => {
                if (count && !window.confirm(form.dataset.warning.replace("{count}", count))) {
                    return;
                }
                forget().finally(() => form.submit());
            });
        });
    });

    if ("serviceWorker" in navigator) {
        // The page that installs the app came from the network, not through the worker: ask
        // the worker to keep it too, so that the next visit on a slow connection has a copy.
        if (!navigator.serviceWorker.controller) {
            navigator.serviceWorker.addEventListener(
                "controllerchange",
                () =>
                    navigator.serviceWorker.controller.postMessage({ keep: window.location.href }),
                { once: true },
            );
        }
        navigator.serviceWorker
            .register(script.dataset.worker, { scope: script.dataset.scope })
            .catch(() => {});
    }
    window.addEventListener("online", sendWaiting);
    draw();
    drawSent();
    showCount().then((count) => {
        if (count) sendWaiting();
    });
})();
