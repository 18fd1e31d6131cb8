// Sorting and filtering for the community rules table on the rules index.
// Without JavaScript the full table is still there; with it, each column header becomes a
// sort button and a small form narrows the rows by platform, tag or a word.
(function () {
  "use strict";

  function cellText(row, index) {
    return (row.cells[index] ? row.cells[index].textContent : "").trim();
  }

  function options(rows, index) {
    var seen = {};
    rows.forEach(function (row) {
      cellText(row, index).split(",").forEach(function (part) {
        var value = part.trim();
        if (value) { seen[value] = true; }
      });
    });
    return Object.keys(seen).sort();
  }

  function select(id, label, values) {
    var wrap = document.createElement("span");
    var tag = document.createElement("label");
    tag.htmlFor = id;
    tag.textContent = label + " ";
    var box = document.createElement("select");
    box.id = id;
    var all = document.createElement("option");
    all.value = "";
    all.textContent = "All";
    box.appendChild(all);
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      box.appendChild(option);
    });
    wrap.appendChild(tag);
    wrap.appendChild(box);
    return wrap;
  }

  function setUp(container, number) {
    var table = container.querySelector("table");
    if (!table || !table.tBodies.length) { return; }
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (cell) {
      return cell.textContent.trim();
    });
    var platformColumn = heads.indexOf("Platforms");
    var tagColumn = heads.indexOf("Tags");
    var prefix = "pb-filter-" + number;

    var form = document.createElement("form");
    form.className = "pb-filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the community rules");
    // Every platform is offered, not only those named in the table: rules for all
    // platforms match whichever one a reader picks.
    var platforms = (container.getAttribute("data-platforms") || "").split(",")
      .map(function (p) { return p.trim(); })
      .filter(function (p) { return p; });
    var platformBox = select(prefix + "-platform", "Platform", platforms);
    var tagBox = select(prefix + "-tag", "Tag", options(rows, tagColumn));
    var wordWrap = document.createElement("span");
    var wordLabel = document.createElement("label");
    wordLabel.htmlFor = prefix + "-word";
    wordLabel.textContent = "Word ";
    var word = document.createElement("input");
    word.type = "search";
    word.id = prefix + "-word";
    wordWrap.appendChild(wordLabel);
    wordWrap.appendChild(word);
    var count = document.createElement("p");
    count.className = "pb-filter-count";
    count.setAttribute("role", "status");
    form.appendChild(platformBox);
    form.appendChild(tagBox);
    form.appendChild(wordWrap);
    container.parentNode.insertBefore(form, container);
    container.parentNode.insertBefore(count, container);

    function apply() {
      var platform = platformBox.querySelector("select").value;
      var tag = tagBox.querySelector("select").value;
      var text = word.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var platformsOf = cellText(row, platformColumn).split(",").map(function (p) { return p.trim(); });
        var tagsOf = cellText(row, tagColumn).split(",").map(function (t) { return t.trim(); });
        var ok = (!platform || platformsOf.indexOf(platform) >= 0 || platformsOf.indexOf("All platforms") >= 0) &&
          (!tag || tagsOf.indexOf(tag) >= 0) &&
          (!text || row.textContent.toLowerCase().indexOf(text) >= 0);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = "Showing " + shown + " of " + rows.length + " rules.";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pb-sort";
      button.textContent = cell.textContent.trim();
      cell.textContent = "";
      cell.appendChild(button);
      cell.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = cell.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          other.setAttribute("aria-sort", "none");
        });
        cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var order = cellText(a, index).localeCompare(cellText(b, index), undefined, { numeric: true });
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    apply();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".pb-rule-table"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
