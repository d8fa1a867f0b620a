// Symptom checker enhancements. The checker works fully without this file (plain POSTs).
// - After htmx swaps in a new step, move keyboard focus to its error summary or heading.
// - Let htmx swap our 400 "could not use that form" step instead of ignoring it.
// - "None of these" unticks the other answers and the other way round.
// - The result's "Print this summary" button.
(function () {
  "use strict";

  function region() {
    return document.getElementById("checker");
  }

  function focusStep() {
    var root = region();
    if (!root) return;
    var target =
      root.querySelector('[data-checker-focus="error"]') ||
      root.querySelector('[data-checker-focus="heading"]');
    if (target) {
      target.focus();
      if (target.scrollIntoView) target.scrollIntoView({ block: "start" });
    }
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (detail.xhr && detail.xhr.status === 400 && detail.target && detail.target.id === "checker") {
      detail.shouldSwap = true;
      detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "checker") focusStep();
  });

  // Remember which button sent the form, so a fallback can send the same thing.
  var lastSubmitter = null;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("#checker button[type=submit]");
    if (button) lastSubmitter = button;
  });

  document.addEventListener("htmx:responseError", function (event) {
    // Anything but our own 400 (e.g. a CSRF failure): send the same form as a normal page
    // request, so the reader sees the server's full explanation.
    var form = event.detail && event.detail.elt;
    if (!form || form.tagName !== "FORM" || !form.classList.contains("checker-form")) return;
    if (lastSubmitter && lastSubmitter.form === form && lastSubmitter.name) {
      var extra = document.createElement("input");
      extra.type = "hidden";
      extra.name = lastSubmitter.name;
      extra.value = lastSubmitter.value;
      form.appendChild(extra);
    }
    HTMLFormElement.prototype.submit.call(form);
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || input.type !== "checkbox" || !input.checked || !input.form) return;
    var group = input.form.querySelectorAll('input[type="checkbox"][name="' + input.name + '"]');
    group.forEach(function (other) {
      if (other === input) return;
      if (input.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive")) {
        other.checked = false;
      }
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-checker-print]");
    if (button) window.print();
  });

  function showPrintButtons() {
    document.querySelectorAll("[data-checker-print]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", showPrintButtons);
  document.addEventListener("htmx:afterSettle", showPrintButtons);
})();
