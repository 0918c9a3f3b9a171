// The entry page's pitch form: choosing a template puts its text, filled for this blogger,
// into Subject and Message at once. The filled texts come from the page itself (the server
// fills them); without JavaScript the Preview button does the same.
(function () {
  "use strict";
  var select = document.getElementById("pitch-template_id");
  var fills = document.getElementById("template-fills");
  if (!select || !fills) { return; }
  var subject = document.getElementById("pitch-subject");
  var message = document.getElementById("pitch-message");
  var note = document.getElementById("template-unfilled");

  select.addEventListener("change", fillFromTemplate);
  // A template picked before this script ran (a quick hand on a slow line) is filled now.
  var rendered = Array.prototype.findIndex.call(select.options, function (o) { return o.defaultSelected; });
  if (select.selectedIndex !== Math.max(rendered, 0)) { fillFromTemplate(); }

  function fillFromTemplate() {
    var chosen = fills.querySelector("[data-template='" + select.value + "']");
    if (!chosen) { note.hidden = true; return; }
    subject.value = chosen.dataset.subject;
    message.value = chosen.dataset.body;
    note.hidden = !chosen.dataset.unfilled;
    note.textContent = chosen.dataset.unfilled
      ? "Not filled: " + chosen.dataset.unfilled + ". Write these in yourself before logging the pitch."
      : "";
  }
})();
