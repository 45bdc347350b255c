/* Scan a device label with the phone's camera, where the browser can (BarcodeDetector).
   Without it the "Quét mã QR" button stays hidden and typing the code works as before. */
(() => {
    "use strict";
    var form = document.querySelector("[data-scan]");
    if (!form || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
    var button = form.querySelector("[data-scan-button]");
    var video = form.querySelector("[data-scan-video]");
    var input = form.querySelector("input[name=code]");
    button.hidden = false;
    button.addEventListener("click", () => {
        var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        navigator.mediaDevices
            .getUserMedia({ video: { facingMode: "environment" } })
            .then((stream) => {
                video.srcObject = stream;
                video.hidden = false;
                video.play();
                var stop = () => {
                    stream.getTracks().forEach((track) => {
                        track.stop();
                    });
                    video.hidden = true;
                };
                var look = () => {
                    detector
                        .detect(video)
                        .then((codes) => {
                            if (!codes.length) {
                                window.setTimeout(look, 250);
                                return;
                            }
                            stop();
                            // A label holds ".../portal/devices/code/<CODE>/": keep the code, open it here.
                            var match = codes[0].rawValue.match(/devices\/code\/([A-Za-z0-9-]+)/);
                            input.value = match ? match[1] : codes[0].rawValue;
                            form.submit();
                        })
                        .catch(() => {
                            window.setTimeout(look, 500);
                        });
                };
                look();
            })
            .catch(() => {
                input.focus();
            });
    });
})();
