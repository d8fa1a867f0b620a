// Comparison table: small additions on top of htmx. The page works fully without this file.
//
// After htmx swaps in a new table region:
// - the new "Showing N of M" line is copied into a live region that stays in place, so
//   screen readers announce it (a live region swapped in with new text often is not);
// - when a "remove filter" chip, "Clear all" or a column header asked, the filter form (which is not swapped)
//   is brought in step with the view the server answered, and focus, which was on the link
//   that just disappeared, moves to the "Showing N of M" line.
// The filter panel is a <details> closed in the HTML (a phone opens on the table): it is opened
// on wide screens, its summary's count follows the table, and since htmx filters as you go,
// "Apply filters" is hidden. After a change made in the form, the new count and the first row
// are scrolled into view if they are not (on a phone they sit below the open panel).
// Empty fields (no kind, no search) are left out of the form's requests, so the same view is
// always the same short address, and caches serve it to every reader.
// If an htmx request fails (server error, lost connection), the browser simply loads the
// requested view as a normal page, which shows the error page or the result in full.
(function () {
  "use strict";

  function syncForm(form, query) {
    var params = new URLSearchParams(query);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name) {
        return;
      }
      var values = params.getAll(field.name);
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = field.value === "" ? values.length === 0 : values.indexOf(field.value) !== -1;
      } else if (field.tagName === "SELECT" || field.type === "search") {
        if (field !== document.activeElement) {
          field.value = values.length ? values[0] : "";
        }
      }
    });
  }

  var WIDE = "(min-width: 48em)";

  function setUpPanel() {
    var panel = document.getElementById("filters-panel");
    if (panel && window.matchMedia && window.matchMedia(WIDE).matches) {
      panel.open = true;
    }
    var apply = document.getElementById("compare-apply");
    if (apply && window.htmx) {
      apply.hidden = true;
    }
  }
  setUpPanel();

  // Move the page as little as possible so the count and the first row's name are in view.
  function revealResults() {
    var count = document.getElementById("compare-count");
    if (!count) {
      return;
    }
    var first = document.querySelector("#compare-results tbody th") ||
      document.querySelector("#compare-results .empty-state");
    var top = count.getBoundingClientRect().top;
    var bottom = (first || count).getBoundingClientRect().bottom;
    var room = window.innerHeight;
    if (top >= 0 && bottom <= room) {
      return;
    }
    var by = bottom - room + 12;
    if (top - by < 0) {
      by = top - 12;
    }
    window.scrollBy(0, by);
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var results = event.target;
    if (!results || results.id !== "compare-results") {
      return;
    }
    var count = document.getElementById("compare-count");
    var announce = document.getElementById("compare-announce");
    if (count && announce) {
      announce.textContent = count.textContent;
    }
    var summaryCount = document.getElementById("filters-count");
    if (count && summaryCount) {
      summaryCount.textContent = count.textContent;
    }
    var form = document.getElementById("compare-filters");
    var config = event.detail && event.detail.requestConfig;
    var source = config ? config.elt : null;
    if (!form || (source && form.contains(source))) {
      revealResults();
      return; // The form asked: it already shows what the reader chose.
    }
    syncForm(form, results.getAttribute("data-query") || "");
    // htmx keeps focus on a swapped element that has an id (the column headers' sort links);
    // a chip that is gone leaves focus nowhere, so bring it to the new count.
    if (count && (!document.activeElement || document.activeElement === document.body)) {
      count.focus();
    }
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var data = event.detail.formData;
    if (!data || !event.detail.elt || event.detail.elt.id !== "compare-filters") {
      return;
    }
    Array.from(data.keys()).forEach(function (name) {
      if (data.getAll(name).every(function (value) { return value === ""; })) {
        data.delete(name);
      }
    });
  });

  function loadInFull(event) {
    var info = event.detail && event.detail.pathInfo;
    var elt = event.detail && event.detail.elt;
    if (info && info.finalRequestPath && elt && elt.closest && elt.closest(".compare")) {
      window.location.assign(info.finalRequestPath);
    }
  }
  document.addEventListener("htmx:responseError", loadInFull);
  document.addEventListener("htmx:sendError", loadInFull);
})();
