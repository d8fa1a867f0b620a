// Site search: live results on top of the plain GET form. The page works without this file.
// - After htmx swaps in new results, the count is copied into a live region that stays in
//   place, so screen readers announce it.
// - Empty searches are not sent while typing (clearing the box keeps the last results).
// - If an htmx request fails, the browser loads the search as a normal page instead.
(function () {
  "use strict";

  document.addEventListener("htmx:afterSettle", function (event) {
    var results = event.target;
    if (!results || results.id !== "search-results") return;
    var count = document.getElementById("search-count");
    var announce = document.getElementById("search-announce");
    if (announce) announce.textContent = count ? count.textContent : "";
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.classList || !elt.classList.contains("search-form")) return;
    var q = event.detail.formData && event.detail.formData.get("q");
    if (!q || !q.trim()) event.preventDefault();
  });

  function loadInFull(event) {
    var info = event.detail && event.detail.pathInfo;
    var elt = event.detail && event.detail.elt;
    if (info && info.finalRequestPath && elt && elt.closest && elt.closest(".search-form")) {
      window.location.assign(info.finalRequestPath);
    }
  }
  document.addEventListener("htmx:responseError", loadInFull);
  document.addEventListener("htmx:sendError", loadInFull);
})();
