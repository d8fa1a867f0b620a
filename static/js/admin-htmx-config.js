// htmx in the admin (Markdown previews) under the strict CSP: no eval, no injected <style>.
// Loaded right after htmx and before the page is ready, when htmx reads its configuration.
(function () {
  "use strict";
  if (!window.htmx) return;
  window.htmx.config.includeIndicatorStyles = false;
  window.htmx.config.allowEval = false;
  window.htmx.config.allowScriptTags = false;
  window.htmx.config.selfRequestsOnly = true;
})();
