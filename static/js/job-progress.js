// A background job's progress bar (a list import, a report): asks the server every second
// and reloads the page (which then shows the result) when the job has finished, or when it
// stalls or moves again (the page then shows or drops its "no progress" notice). Without
// JavaScript the page offers a reload link (no timed refresh: it would interrupt a screen reader).
(() => {
    "use strict";
    var box = document.querySelector("[data-job-progress]");
    if (!box) return;
    var bar = box.querySelector("progress");
    var figures = box.querySelector("[data-job-figures]");
    function poll() {
        fetch(box.getAttribute("data-job-progress"), {
            credentials: "same-origin",
            cache: "no-store",
        })
            .then((response) => response.json())
            .then((job) => {
                var stalled = job.stalled ? "1" : "0";
                if (job.finished || stalled !== box.getAttribute("data-stalled")) {
                    window.location.reload();
                    return;
                }
                bar.value = job.percent;
                bar.textContent = `${job.percent}%`;
                figures.textContent = `${job.processed}/${job.total} ${figures.getAttribute("data-unit")}`;
                window.setTimeout(poll, 1000);
            })
            .catch(() => {
                window.setTimeout(poll, 3000);
            });
    }
    window.setTimeout(poll, 500);
})();
