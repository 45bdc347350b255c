/* The SIM fields only matter for a SIM: hide them for other kinds. Without JavaScript they
   stay visible, in their own labelled group, and are ignored for devices. */
(() => {
    "use strict";
    var form = document.querySelector("[data-intake]");
    if (!form) return;
    var kind = form.querySelector("select[name=kind]");
    var sim = form.querySelector("[data-sim-fields]");
    if (!kind || !sim) return;
    var update = () => {
        sim.hidden = kind.value !== "sim";
    };
    kind.addEventListener("change", update);
    update();
})();
