/* The phone page (templates/portal/hardware/phone.html): reads what the donated phone's own
   browser can tell about it, builds a maytinhcu-snapshot/1 (docs/hardware-snapshots.md) and
   sends it with the page's one-time token, then says what was filled, what is only an
   estimate, and what the volunteer must still check by hand.

   Free storage is not read: navigator.storage.estimate() tells the browser's quota for this
   site, not the phone's free space, and a pass/fail threshold hangs on that figure. The
   volunteer reads it in the phone's Settings.

   Donated phones run old browsers (Android 4.2's among them), so this file is ES5 that runs
   there: XMLHttpRequest, no arrow functions, let/const or Promise needed at load time. Each
   newer interface (client hints, deviceMemory, mediaDevices) is used only where the
   browser has it; a promise is only ever touched on an object that returned one. */
(function () {
    "use strict";
    var root = document.querySelector("[data-phone-capture]");
    if (!root) return;
    var button = root.querySelector("[data-capture-button]");
    var result = root.querySelector("[data-capture-result]");
    var TOOL = { name: "maytinhcu-phone", version: "1.0.0" };
    // A read that never answers (a permission prompt left open) must not hold the upload.
    var WAIT_MS = 8000;

    function text(name) {
        return root.getAttribute("data-" + name) || "";
    }

    function osFromAgent(agent) {
        var android = /Android\s+([\d.]+)/.exec(agent);
        if (android) return { name: "Android", version: android[1] };
        var ios = /(?:iPhone|iPad|iPod).*? OS (\d+(?:_\d+)*)/.exec(agent);
        if (ios) return { name: "iOS", version: ios[1].replace(/_/g, ".") };
        return null;
    }

    function modelFromAgent(agent) {
        // "…Android 4.2.2; vi-vn; GT-I9505 Build/JDQ39…": the model stands before " Build/".
        var match = /Android[^;)]*;\s*(?:[a-z]{2}[-_][a-z]{2};\s*)?([^;)]+?)\s+Build\//i.exec(
            agent
        );
        return match ? match[1] : null;
    }

    // The page's language decides the decimal mark: "10,7 GB" in Vietnamese, "10.7" in English.
    var DECIMAL_COMMA = /^vi(-|$)/i.test(document.documentElement.lang || "");

    function number(value) {
        var words = String(value);
        return DECIMAL_COMMA ? words.replace(".", ",") : words;
    }

    function readOs(facts, done) {
        var agent = navigator.userAgent || "";
        facts.os = osFromAgent(agent);
        facts.model = modelFromAgent(agent);
        facts.sources.os = "navigator.userAgent";
        var hints = navigator.userAgentData;
        // A new Android freezes its user agent ("Android 10; K"): its client hints tell more.
        var mobile = hints && (hints.platform === "Android" || hints.platform === "iOS");
        if (!mobile || typeof hints.getHighEntropyValues !== "function") {
            done();
            return;
        }
        hints.getHighEntropyValues(["platformVersion", "model"]).then(
            function (values) {
                if (values.platformVersion) {
                    facts.os = { name: hints.platform, version: values.platformVersion };
                    facts.sources.os = "navigator.userAgentData";
                }
                if (values.model) facts.model = values.model;
                done();
            },
            function () {
                done();
            }
        );
    }

    function listDevices(facts, done) {
        navigator.mediaDevices.enumerateDevices().then(
            function (devices) {
                var i;
                facts.webcam = false;
                facts.microphone = false;
                for (i = 0; i < devices.length; i += 1) {
                    if (devices[i].kind === "videoinput") facts.webcam = true;
                    if (devices[i].kind === "audioinput") facts.microphone = true;
                }
                facts.sources.parts = "navigator.mediaDevices.enumerateDevices";
                done();
            },
            function () {
                done();
            }
        );
    }

    function readMedia(facts, done) {
        var media = navigator.mediaDevices;
        if (!media || typeof media.enumerateDevices !== "function") {
            done();
            return;
        }
        if (typeof media.getUserMedia !== "function") {
            listDevices(facts, done);
            return;
        }
        // Asked first: without the permission a browser may hide what it has.
        media.getUserMedia({ audio: true, video: true }).then(
            function (stream) {
                var tracks = stream.getTracks();
                var i;
                for (i = 0; i < tracks.length; i += 1) tracks[i].stop();
                listDevices(facts, done);
            },
            function () {
                listDevices(facts, done);
            }
        );
    }

    function readAll(finished) {
        var facts = { sources: {}, webcam: null, microphone: null };
        var readers = [readOs, readMedia];
        var waiting = readers.length;
        var sent = false;
        var ratio = window.devicePixelRatio || 1;
        var i;
        if (typeof navigator.deviceMemory === "number" && navigator.deviceMemory > 0) {
            facts.ramGb = navigator.deviceMemory;
            facts.sources.memory = "navigator.deviceMemory";
        }
        if (window.screen) {
            facts.screen =
                Math.round(window.screen.width * ratio) +
                " × " +
                Math.round(window.screen.height * ratio);
        }
        function one() {
            waiting -= 1;
            if (waiting === 0) all();
        }
        function all() {
            if (sent) return;
            sent = true;
            finished(facts);
        }
        for (i = 0; i < readers.length; i += 1) {
            try {
                readers[i](facts, one);
            } catch (_error) {
                one();
            }
        }
        window.setTimeout(all, WAIT_MS);
    }

    function snapshot(facts) {
        var approximate = [];
        if (facts.ramGb) approximate.push("ram_gb");
        return {
            format: "maytinhcu-snapshot/1",
            captured_at: new Date().toISOString(),
            tool: TOOL,
            device_code: text("code"),
            system: facts.model ? { model: facts.model.slice(0, 200) } : null,
            memory: facts.ramGb ? { total_gb: facts.ramGb } : null,
            os: facts.os
                ? { name: facts.os.name.slice(0, 200), version: facts.os.version.slice(0, 200) }
                : null,
            parts: { webcam: facts.webcam, microphone: facts.microphone },
            sources: facts.sources,
            approximate: approximate,
        };
    }

    function line(parent, words) {
        var paragraph = document.createElement("p");
        paragraph.textContent = words;
        parent.appendChild(paragraph);
        return paragraph;
    }

    function report(facts) {
        var yes = [];
        if (facts.os) yes.push(text("label-os") + ": " + facts.os.name + " " + facts.os.version);
        if (facts.model) yes.push(text("label-model") + ": " + facts.model);
        if (facts.ramGb) yes.push(text("label-ram") + ": " + number(facts.ramGb) + " GB");
        if (facts.webcam !== null) {
            yes.push(text("label-webcam") + ": " + (facts.webcam ? "✓" : "✗"));
        }
        if (facts.microphone !== null) {
            yes.push(text("label-microphone") + ": " + (facts.microphone ? "✓" : "✗"));
        }
        var estimated = [];
        if (facts.ramGb) estimated.push(text("label-ram"));
        result.innerHTML = "";
        line(result, text("text-sent") + " " + yes.join("; ") + ".");
        if (estimated.length) {
            line(result, text("text-approximate") + " " + estimated.join(", ") + ".");
        }
        // Not in the snapshot (no measurement takes it): shown apart, for information only.
        if (facts.screen) line(result, text("label-screen") + ": " + facts.screen + " px.");
        line(result, text("text-still") + " " + text("still-list") + ".");
    }

    function failed(message) {
        result.innerHTML = "";
        line(result, text("text-failed") + " " + message).className = "error";
        button.disabled = false;
    }

    function send(facts) {
        var request = new XMLHttpRequest();
        request.open("POST", text("upload"), true);
        request.setRequestHeader("Content-Type", "application/json");
        request.setRequestHeader("Authorization", "Bearer " + text("token"));
        request.onreadystatechange = function () {
            if (request.readyState !== 4) return;
            var answer = null;
            try {
                answer = JSON.parse(request.responseText);
            } catch (_error) {
                answer = null;
            }
            if (request.status === 200 && answer && answer.ok) {
                report(facts);
            } else if (answer && answer.error) {
                failed(answer.error);
            } else {
                failed(text("text-offline"));
            }
        };
        request.send(JSON.stringify(snapshot(facts)));
    }

    button.onclick = function () {
        button.disabled = true;
        result.innerHTML = "";
        line(result, text("text-sending"));
        readAll(send);
    };
})();
