// The error summary (templates/components/error_summary.html), as GOV.UK does it: focus moves
// to it when the page opens, so a screen reader reads the mistakes and a phone shows them
// first; a link in it focuses its field and scrolls the field's question (label or legend)
// into view, not only the input. Without JavaScript the summary and its links still work.
(() => {
    "use strict";
    const summary = document.querySelector("[data-error-summary]");
    if (!summary) {
        return;
    }
    summary.focus();

    function question(field) {
        const label = field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
        const group = field.closest("fieldset");
        if (group && (field.type === "radio" || field.type === "checkbox" || !label)) {
            return group.querySelector("legend") || group;
        }
        return label || field;
    }

    summary.addEventListener("click", (event) => {
        const link = event.target.closest("a[href^='#']");
        const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (!field) {
            return;
        }
        event.preventDefault();
        question(field).scrollIntoView();
        field.focus({ preventScroll: true });
    });
})();
