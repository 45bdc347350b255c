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

    // A group of radios or boxes is asked by its legend; any other field by its label.
    function question(field) {
        const group = field.closest("fieldset");
        const name = field.name && CSS.escape(field.name);
        if (group && name && group.querySelectorAll(`[name="${name}"]`).length > 1) {
            return group.querySelector("legend") || group;
        }
        return (
            (field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`)) || field
        );
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
