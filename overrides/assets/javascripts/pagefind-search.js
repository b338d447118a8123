// Start Pagefind's search box on the search page. Material's instant navigation swaps pages
// without reloading, so this runs on every page change (document$), not only on load.
(function () {
  "use strict";

  function start() {
    var element = document.getElementById("ae-search");
    if (!element || element.dataset.started || typeof PagefindUI === "undefined") {
      return;
    }
    element.dataset.started = "true";
    // The site may live under a sub-path (GitHub Pages): Material's config knows the site root.
    var config = JSON.parse(document.getElementById("__config").textContent);
    var root = new URL(config.base, window.location.href);
    new PagefindUI({
      element: element,
      bundlePath: new URL("pagefind/", root).pathname,
      baseUrl: root.pathname,
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      autofocus: true,
    });
  }

  if (window.document$) {
    window.document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
