// Small progressive enhancements. The site works fully without this file.
(function () {
  "use strict";
})();
