// "Copy link" on the share links (templates/components/share_links.html): copies the page's
// address with the Clipboard API and says so in the status line, which screen readers read
// out. Without this script, or without a clipboard, the address stays in its field to copy.
(() => {
    "use strict";
    document.querySelectorAll("[data-copy-link]").forEach((button) => {
        const box = button.closest(".share__copy");
        const field = box.querySelector("[data-copy-source]");
        const status = box.querySelector("[data-copy-status]");
        if (!navigator.clipboard) {
            return; // e.g. a page not served over HTTPS: the field is there to copy by hand
        }
        button.hidden = false;
        button.addEventListener("click", () => {
            navigator.clipboard.writeText(field.value).then(
                () => {
                    status.textContent = button.dataset.copied;
                },
                () => {
                    field.select();
                    status.textContent = button.dataset.failed;
                },
            );
        });
    });
})();
