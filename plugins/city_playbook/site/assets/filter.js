// The commitments page's filter, for readers with script: the page works without it (its
// lists by status and by owner answer the same questions), so this file only shows the
// form and hides the rows of the full table that do not match. A same-origin file, allowed
// by the site's Content-Security-Policy; it runs on every page and does nothing elsewhere.
(function () {
  "use strict";
  function setUp() {
    var form = document.getElementById("pb-filter");
    if (!form || !form.hidden) return;
    var table = form.parentNode.querySelector("#pb-filter ~ .pb-scroll table");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = form.querySelector(".pb-filter__count");
    var plural = new Intl.PluralRules(document.documentElement.lang || "en");
    function apply() {
      var status = form.elements.status.value;
      var owner = form.elements.owner.value;
      var late = form.elements.late.checked;
      var shown = 0;
      rows.forEach(function (row) {
        var match = (!status || row.dataset.status === status) &&
          (!owner || row.dataset.owner === owner) && (!late || row.hasAttribute("data-late"));
        row.hidden = !match;
        if (match) shown += 1;
      });
      var text = form.getAttribute("data-shown-" + plural.select(shown)) || form.getAttribute("data-shown-other");
      count.textContent = text.replace("{count}", shown.toLocaleString(document.documentElement.lang || "en"));
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
