// The feedback box under every page, with htmx on top of its plain forms. The site works without it.
(function () {
  "use strict";

  // Feedback box: a refused message (400 with what to fix, 429 "wait a while") is still shown
  // in place, and focus moves to the box's new heading or problem list.
  var feedbackSwapped = false;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (!detail.target || detail.target.id !== "feedback") return;
    var status = detail.xhr && detail.xhr.status;
    if (status === 400 || status === 413 || status === 429) {
      detail.shouldSwap = true;
      detail.isError = false;
    }
    feedbackSwapped = true;
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!feedbackSwapped) return;
    feedbackSwapped = false;
    var box = document.getElementById("feedback");
    var focus = box && box.querySelector("[data-feedback-focus]");
    if (focus) focus.focus();
  });
})();
