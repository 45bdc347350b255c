/* Open a device by its label. Typing the code always works (a plain GET form); the camera
   reads the label's QR code where the browser can (BarcodeDetector), and says what it is
   doing in the page's status line. Offline, the service worker opens the device's kept page
   or sends the phone back here with ?missing=1, and this says so. */
(() => {
    "use strict";
    const form = document.querySelector("[data-scan]");
    if (!form) return;
    const input = form.querySelector("input[name=code]");
    const status = document.querySelector("[data-scan-status]");
    const say = (key, code) => {
        if (status) status.textContent = status.dataset[key].replace("{code}", code || "");
    };

    const asked = new URLSearchParams(window.location.search);
    const missing = document.querySelector("[data-scan-missing]");
    if (missing && asked.has("missing") && asked.get("code")) {
        missing.textContent = missing.dataset.text.replace("{code}", asked.get("code"));
        missing.hidden = false;
        input.value = asked.get("code");
    }

    if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
    const button = form.querySelector("[data-scan-button]");
    const video = form.querySelector("[data-scan-video]");
    let stream = null;
    const stop = () => {
        if (stream) {
            stream.getTracks().forEach((track) => {
                track.stop();
            });
        }
        stream = null;
        video.hidden = true;
    };
    window.addEventListener("pagehide", stop);
    button.hidden = false;
    button.addEventListener("click", () => {
        if (stream) return;
        const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        say("textStarting");
        navigator.mediaDevices
            .getUserMedia({ video: { facingMode: "environment" } })
            .then((camera) => {
                stream = camera;
                video.srcObject = camera;
                video.hidden = false;
                video.play();
                say("textScanning");
                const look = () => {
                    if (!stream) return;
                    detector
                        .detect(video)
                        .then((codes) => {
                            if (!codes.length) {
                                window.setTimeout(look, 250);
                                return;
                            }
                            stop();
                            // A label holds ".../portal/devices/code/<CODE>/": keep the code, open it here.
                            const match = codes[0].rawValue.match(/devices\/code\/([A-Za-z0-9-]+)/);
                            input.value = match ? match[1] : codes[0].rawValue;
                            say("textFound", input.value);
                            form.submit();
                        })
                        .catch(() => {
                            window.setTimeout(look, 500);
                        });
                };
                look();
            })
            .catch(() => {
                say("textNoCamera");
                input.focus();
            });
    });
})();
