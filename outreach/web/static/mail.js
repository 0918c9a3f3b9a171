// The send page: picking a template fills the message at once (the server fills the merge fields).
(function () {
  var select = document.getElementById("template_id");
  var fill = document.getElementById("fill-template");
  if (!select || !fill) return;
  fill.hidden = true;
  select.addEventListener("change", function () { fill.click(); });
})();
