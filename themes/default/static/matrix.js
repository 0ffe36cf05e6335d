// Progressive enhancement for the month matrix: filter implementors by name, show only rows with
// any code, only rows changed since the previous month, sort by complete count. The state lives in
// the URL query (?q=&nonblank=1&changed=1&sort=complete),
// so a filtered view is a permalink. Without this script the full table is shown.
// A cell link (month.html#istio-1742): the page is scrolled so the matrix's box starts at the top
// of the viewport, and the box so the cell lies clear of its sticky column and row headers. (Without
// this script the cell's scroll-margin does it, except near the table's end.)
(function () {
  "use strict";
  function reveal() {
    var cell = document.querySelector("table.matrix td:target, table.matrix td.target");
    var box = cell && cell.closest(".matrix-scroll");
    if (!box) return;
    // The header cells are sticky (the thead's own box scrolls away with the table).
    var head = box.querySelector("thead tr:last-child > th");
    var rowHead = cell.parentElement.querySelector("th");
    window.scrollBy(0, box.getBoundingClientRect().top);
    var c = cell.getBoundingClientRect();
    var top = head ? head.getBoundingClientRect().bottom : box.getBoundingClientRect().top;
    var left = rowHead ? rowHead.getBoundingClientRect().right : box.getBoundingClientRect().left;
    box.scrollTop += c.top - top - 8;
    box.scrollLeft += c.left - left - 8;
  }
  window.addEventListener("load", reveal);
  window.addEventListener("hashchange", reveal);
})();

(function () {
  "use strict";
  var table = document.getElementById("matrix");
  var tools = document.getElementById("matrix-tools");
  if (!table || !tools || !window.URLSearchParams || !history.replaceState) return listSort();
  var body = table.querySelector("tbody.implementors");
  var rows = Array.prototype.slice.call(body.rows);
  var original = rows.slice();

  tools.innerHTML =
    '<label>Filter implementors <input type="search" id="mx-q" autocomplete="off"></label>' +
    '<label><input type="checkbox" id="mx-nonblank"> Only rows with a code</label>' +
    '<label><input type="checkbox" id="mx-changed"> Changed this month</label>' +
    '<label>Sort <select id="mx-sort"><option value="">as listed</option>' +
    '<option value="complete">most complete first</option></select></label>' +
    '<span id="mx-count" role="status" aria-live="polite"></span>';
  tools.hidden = false;
  var q = document.getElementById("mx-q");
  var nonblank = document.getElementById("mx-nonblank");
  var changedOnly = document.getElementById("mx-changed");
  var sort = document.getElementById("mx-sort");
  var count = document.getElementById("mx-count");

  function readState() {
    var p = new URLSearchParams(location.search);
    q.value = p.get("q") || "";
    nonblank.checked = p.get("nonblank") === "1";
    changedOnly.checked = p.get("changed") === "1";
    sort.value = p.get("sort") === "complete" ? "complete" : "";
  }

  function writeState() {
    var p = new URLSearchParams(location.search);
    if (q.value) p.set("q", q.value); else p.delete("q");
    if (nonblank.checked) p.set("nonblank", "1"); else p.delete("nonblank");
    if (changedOnly.checked) p.set("changed", "1"); else p.delete("changed");
    if (sort.value) p.set("sort", sort.value); else p.delete("sort");
    var s = p.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
  }

  function apply() {
    var needle = q.value.trim().toLowerCase();
    var ordered = original.slice();
    if (sort.value === "complete") {
      ordered.sort(function (a, b) {
        return Number(b.dataset.complete) - Number(a.dataset.complete);
      });
    }
    var shown = 0;
    ordered.forEach(function (r) {
      body.appendChild(r);
      // The row's name is its header's link (the page does not repeat it in an attribute).
      var name = r.cells[0].querySelector("a") || r.cells[0];
      var ok = (!needle || name.textContent.toLowerCase().indexOf(needle) !== -1) &&
        (!nonblank.checked || Number(r.dataset.any) > 0) &&
        (!changedOnly.checked || Number(r.dataset.changed) > 0);
      r.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + " of " + original.length + " implementors shown";
  }

  function changed() { writeState(); apply(); }
  q.addEventListener("input", changed);
  nonblank.addEventListener("change", changed);
  changedOnly.addEventListener("change", changed);
  sort.addEventListener("change", changed);
  readState();
  apply();

  // The implementors list (/implementors/): sort by name, complete count or last change, kept in
  // the URL (?sort=complete|last). Without this script the table is by name.
  function listSort() {
    var list = document.getElementById("implementor-list");
    var box = document.getElementById("list-tools");
    if (!list || !box || !window.URLSearchParams || !history.replaceState) return;
    var lbody = list.tBodies[0];
    var byName = Array.prototype.slice.call(lbody.rows);
    var caption = list.caption;
    // The rows' word as the page names them ("Every language by name").
    var named = /^Every (.+) by name$/.exec(caption.textContent);
    var word = named ? named[1] : "implementor";
    var captions = { "": "Every " + word + " by name", complete: "Every " + word + ", most complete first",
      last: "Every " + word + ", longest without a change first" };
    box.innerHTML = '<label>Sort <select id="ls-sort"><option value="">by name</option>' +
      '<option value="complete">most complete first</option>' +
      '<option value="last">longest without a change first</option></select></label>';
    box.hidden = false;
    var select = document.getElementById("ls-sort");
    function apply() {
      var rows = byName.slice();
      var key = select.value;
      if (key === "complete") {
        rows.sort(function (a, b) { return Number(b.dataset.complete) - Number(a.dataset.complete); });
      } else if (key === "last") {
        // Listed implementors first (the question is who has not moved), oldest change first.
        rows.sort(function (a, b) {
          return (Number(b.dataset.current) - Number(a.dataset.current)) ||
            (a.dataset.last < b.dataset.last ? -1 : a.dataset.last > b.dataset.last ? 1 : 0);
        });
      }
      rows.forEach(function (r) { lbody.appendChild(r); });
      caption.textContent = captions[key];
    }
    var p = new URLSearchParams(location.search);
    select.value = captions[p.get("sort")] ? p.get("sort") : "";
    select.addEventListener("change", function () {
      var q = new URLSearchParams(location.search);
      if (select.value) q.set("sort", select.value); else q.delete("sort");
      var s = q.toString();
      history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
      apply();
    });
    apply();
  }
})();
