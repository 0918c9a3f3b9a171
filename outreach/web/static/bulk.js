// The bulk bar: "Select all visible", "Clear selection" and the count of checked items. The
// checkboxes belong to the bar's form (inside it, or by form="bulk-form"), so the form
// sends them without this script; it only adds the shortcuts.
(function () {
  "use strict";
  var form = document.getElementById("bulk-form");
  if (!form) { return; }
  var count = form.querySelector(".bulk-count");
  var selectVisible = form.querySelector(".select-visible");
  var selectNone = form.querySelector(".select-none");

  function items() {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.type === "checkbox" && element.classList.contains("bulk-item");
    });
  }

  function showCount() {
    var checked = items().filter(function (box) { return box.checked; }).length;
    count.textContent = checked ? checked + " checked" : "";
  }

  function setAll(checked) {
    items().forEach(function (box) {
      // Visible: rendered, so not in a hidden filter result or a collapsed column.
      if (!checked || box.offsetParent !== null) { box.checked = checked; }
    });
    showCount();
  }

  selectVisible.hidden = false;
  selectNone.hidden = false;
  selectVisible.addEventListener("click", function () { setAll(true); });
  selectNone.addEventListener("click", function () { setAll(false); });
  document.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("bulk-item")) { showCount(); }
  });
  // The live board swaps its cards in place: keep the count true to what is checked.
  document.addEventListener("board:refreshed", showCount);
  showCount();
})();
