/* Notices on this phone ("Thông tin của tôi"): the button that asks the browser to allow the
   portal's notifications, subscribes it to the push service with the site's key and hands
   the subscription to the server (portal/views/push.py), or ends it. The texts come from the
   page (templates/portal/people/_push.html), already translated. */

const button = document.querySelector("[data-push]");
const status = document.querySelector("[data-push-status]");

const supported =
    "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

/* The key as the Push API takes it: base64url text to bytes. */
const keyBytes = (text) => {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(binary, (letter) => letter.charCodeAt(0));
};

const show = (state) => {
    status.textContent = button.dataset[`status${state[0].toUpperCase()}${state.slice(1)}`];
    const offer = { on: "textOff", off: "textOn", failed: "textOn" }[state];
    button.hidden = !offer;
    if (offer) button.textContent = button.dataset[offer];
    button.dataset.state = state;
};

const post = (url, body) =>
    fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": button.dataset.csrf },
        body: JSON.stringify(body),
    }).then((response) => {
        if (!response.ok) throw new Error(`push: the server answered ${response.status}`);
        return response;
    });

/* The portal's service worker (js/offline.js registers it), or nothing after a while. */
const worker = () =>
    Promise.race([
        navigator.serviceWorker.ready,
        new Promise((resolve) => setTimeout(() => resolve(null), 10000)),
    ]);

const busy = (work) => {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    status.textContent = button.dataset.statusBusy;
    return work().finally(() => {
        button.disabled = false;
        button.removeAttribute("aria-busy");
    });
};

const subscribe = () =>
    Notification.requestPermission().then((permission) => {
        if (permission === "denied") return show("blocked");
        if (permission !== "granted") return show("off");
        return worker()
            .then((registration) => {
                if (!registration) throw new Error("push: no service worker");
                return registration.pushManager.subscribe({
                    userVisibleOnly: true,
                    applicationServerKey: keyBytes(button.dataset.key),
                });
            })
            .then((subscription) => post(button.dataset.subscribeUrl, subscription.toJSON()))
            .then(() => show("on"))
            .catch(() => show("failed"));
    });

const unsubscribe = () =>
    worker()
        .then((registration) => registration?.pushManager.getSubscription())
        .then((subscription) => {
            if (!subscription) return null;
            const { endpoint } = subscription;
            // The browser stops first: the phone is quiet even if the server is not reached
            // now; the server forgets the subscription when the push service says it is gone.
            return subscription
                .unsubscribe()
                .then(() => post(button.dataset.unsubscribeUrl, { endpoint }).catch(() => {}));
        })
        .then(() => show("off"))
        .catch(() => show("failed"));

/* On opening the page: what this browser can do and has allowed. A subscription the browser
   still holds is handed to the server again: it belongs to whoever is signed in on this
   phone now, and the server may have forgotten it. */
const draw = () => {
    if (!supported) return Promise.resolve(show("unsupported"));
    if (Notification.permission === "denied") return Promise.resolve(show("blocked"));
    return worker()
        .then((registration) => {
            if (!registration) return show("unsupported");
            return registration.pushManager.getSubscription().then((subscription) => {
                if (!subscription || Notification.permission !== "granted") return show("off");
                return post(button.dataset.subscribeUrl, subscription.toJSON())
                    .then(() => show("on"))
                    .catch(() => show("on"));
            });
        })
        .catch(() => show("off"));
};

if (button && status) {
    button.addEventListener("click", () =>
        busy(button.dataset.state === "on" ? unsubscribe : subscribe),
    );
    draw();
}
