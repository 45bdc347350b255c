// Live figures: every element with data-figure="<field>" shows a number from
// /api/impact.json ("totals", then "this_month"). The page already holds the numbers (they
// work without JavaScript); this asks again every few seconds while the tab is visible,
// counts each changed number up to its new value, and tells screen readers once, politely.
(() => {
    "use strict";
    var figures = document.querySelectorAll("[data-figure]");
    var source = document.querySelector("[data-live-source]");
    if (!figures.length || !source || !window.fetch) return;
    var url = source.getAttribute("data-live-source");
    var every = Number(source.getAttribute("data-live-every")) || 5000;
    var announcer = document.getElementById("live-announcer");
    var format = new Intl.NumberFormat("vi-VN"); // "." between thousands in both languages (issue 18)
    var reduced = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    var timer = null;

    function figureIn(data, field) {
        // "students_reached" is a total; "this_month.devices_handed_over" a path.
        var value =
            field.indexOf(".") < 0
                ? data.totals?.[field]
                : field.split(".").reduce((part, key) => (part == null ? part : part[key]), data);
        return typeof value === "number" ? value : null;
    }

    function show(element, from, to) {
        element.setAttribute("data-value", to);
        if (reduced || from === null) {
            element.textContent = format.format(to);
            return;
        }
        var start = null;
        element.classList.add("figure--changed");
        function step(now) {
            start = start || now;
            var done = Math.min((now - start) / 700, 1);
            element.textContent = format.format(Math.round(from + (to - from) * done));
            if (done < 1) window.requestAnimationFrame(step);
            else
                window.setTimeout(() => {
                    element.classList.remove("figure--changed");
                }, 1200);
        }
        window.requestAnimationFrame(step);
    }

    function refresh() {
        fetch(url, { cache: "no-cache", credentials: "omit" })
            .then((response) => (response.ok ? response.json() : null))
            .then((data) => {
                if (!data) return;
                var news = [];
                figures.forEach((element) => {
                    var next = figureIn(data, element.getAttribute("data-figure"));
                    var before = Number(element.getAttribute("data-value"));
                    if (next === null || next === before) return;
                    show(element, Number.isNaN(before) ? null : before, next);
                    var label = element.getAttribute("data-label");
                    if (label) news.push(`${label}: ${format.format(next)}`);
                });
                if (news.length && announcer) announcer.textContent = news.join(". ");
            })
            .catch(() => {})
            .finally(schedule);
    }

    function schedule() {
        window.clearTimeout(timer);
        if (document.visibilityState === "visible") timer = window.setTimeout(refresh, every);
    }

    document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") refresh();
        else window.clearTimeout(timer);
    });
    schedule();
})();
