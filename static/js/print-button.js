// Buttons marked data-print open the browser's print dialog (where "Save as PDF" lives).
// A file rather than an inline handler: the Content-Security-Policy allows no inline code.
(() => {
    "use strict";
    document.querySelectorAll("[data-print]").forEach((button) => {
        button.addEventListener("click", () => {
            window.print();
        });
    });
})();
