// Buttons marked data-print open the browser's print dialog (where "Save as PDF" lives).
// A file rather than an inline handler: the Content-Security-Policy allows no inline code.
(function () {
    "use strict";
    document.querySelectorAll("[data-print]").forEach(function (button) {
        button.addEventListener("click", function () { window.print(); });
    });
})();
