/* Wide tables and regions that scroll sideways; the theme wraps tables at run time, so this
   runs after it on every page, on every resize, and when a tab is chosen.

   A table wider than its box (the posting mix with a column per platform, the week's
   routine, the progress month by month) is shown row by row on a narrow screen: each row a
   card whose cells carry their column's name (playbook.css shows it), so nothing scrolls
   sideways. It stays a table for screen readers: the explicit roles keep its rows, headers
   and cells, which a change of CSS display would otherwise drop in some browsers.

   A region that still scrolls sideways (a row of tabs on a phone) takes a place in the
   keyboard order while it scrolls, so it can be scrolled without a mouse. */
(function () {
  "use strict";
  var REGIONS = ".md-typeset__scrollwrap, .tabbed-labels";
  var STACK = "data-pb-stack";

  function keepTableRoles(table) {
    var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.setAttribute("role", "table");
    table.querySelectorAll("thead, tbody").forEach(function (group) {
      group.setAttribute("role", "rowgroup");
    });
    table.querySelectorAll("tr").forEach(function (row) {
      row.setAttribute("role", "row");
      Array.prototype.forEach.call(row.children, function (cell, column) {
        if (cell.tagName === "TH") {
          cell.setAttribute("role", cell.closest("thead") ? "columnheader" : "rowheader");
        } else {
          cell.setAttribute("role", "cell");
          cell.setAttribute("data-pb-label", names[column] || "");
        }
      });
    });
  }

  function stackWideTables() {
    document.querySelectorAll(".md-typeset table").forEach(function (table) {
      if (table.closest(".pb-rule-table") || !table.querySelector("thead th")) {
        return; // the rules index has cards of its own; without headers, no names to show
      }
      var box = table.closest(".md-typeset__scrollwrap") || table.parentElement;
      table.removeAttribute(STACK); // measured at its natural width
      if (table.offsetWidth > box.clientWidth + 1) {
        keepTableRoles(table);
        table.setAttribute(STACK, "");
      }
    });
  }

  function markScrollRegions() {
    document.querySelectorAll(REGIONS).forEach(function (region) {
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

  function fit() {
    stackWideTables();
    markScrollRegions();
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () {
      requestAnimationFrame(fit);
    });
  } else {
    window.addEventListener("load", fit);
  }
  window.addEventListener("resize", fit);
  // A table in a tab that was hidden has no width until the tab is chosen.
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest(".tabbed-set")) {
      requestAnimationFrame(fit);
    }
  });
})();
