// A search box above a list of checkboxes (data-filters names the list's id): typing hides
// the people whose label does not contain the text. Ticked boxes stay ticked while hidden.
(function () {
  "use strict";
  document.querySelectorAll("input[data-filters]").forEach(function (box) {
    var list = document.getElementById(box.dataset.filters);
    if (!list) { return; }
    box.addEventListener("input", function () {
      var wanted = box.value.trim().toLowerCase();
      list.querySelectorAll("li").forEach(function (item) {
        item.hidden = wanted !== "" && item.textContent.toLowerCase().indexOf(wanted) === -1;
      });
    });
  });
})();
