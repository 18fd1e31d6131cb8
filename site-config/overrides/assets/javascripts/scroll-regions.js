/* A region that scrolls sideways (a wide table, or a row of tabs on a phone) takes a place
   in the keyboard order while it scrolls, so it can be scrolled without a mouse; the theme
   wraps tables at run time, so this runs after it on every page and on every resize. */
(function () {
  "use strict";
  var SELECTOR = ".md-typeset__scrollwrap, .tabbed-labels";

  function mark() {
    document.querySelectorAll(SELECTOR).forEach(function (region) {
      var scrolls = region.scrollWidth > region.clientWidth + 1;
      var ours = region.hasAttribute("data-pb-scroll");
      if (scrolls && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.setAttribute("data-pb-scroll", "");
      } else if (!scrolls && ours) {
        region.removeAttribute("tabindex");
        region.removeAttribute("data-pb-scroll");
      }
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () {
      requestAnimationFrame(mark);
    });
  } else {
    window.addEventListener("load", mark);
  }
  window.addEventListener("resize", mark);
})();
