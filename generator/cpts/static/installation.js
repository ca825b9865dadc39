/* « Offres d'installation »: filters by type and by profession or specialty.
   Progressive enhancement: without this script every offer is listed, grouped by type. */
(function () {
  "use strict";

  function setUp() {
    var form = document.querySelector("[data-cpts-board-filter]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var offers = Array.prototype.slice.call(document.querySelectorAll("[data-cpts-offer]"));
    var groups = Array.prototype.slice.call(document.querySelectorAll("[data-cpts-board-group]"));
    var count = form.querySelector("[data-cpts-board-count]");
    var none = document.querySelector("[data-cpts-board-none]");
    var reset = document.querySelector("[data-cpts-board-reset]");
    var type = form.elements.namedItem("type");
    var job = form.elements.namedItem("metier");

    function apply() {
      var shown = 0;
      offers.forEach(function (offer) {
        var jobs = (offer.getAttribute("data-metiers") || "").split(" ");
        var ok = (!type.value || offer.getAttribute("data-type") === type.value) &&
          (!job.value || jobs.indexOf(job.value) !== -1);
        offer.hidden = !ok;
        if (ok) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-cpts-offer]:not([hidden])");
      });
      count.textContent = shown + (shown > 1 ? " offres" : " offre") +
        (type.value || job.value ? " sur " + offers.length : "");
      if (none) none.hidden = shown > 0;
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    if (reset) {
      reset.addEventListener("click", function () {
        form.reset();
        apply();
        type.focus();
      });
    }
    form.hidden = false;
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
  // Material's instant navigation, when enabled, swaps pages without a new load.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  }
})();
