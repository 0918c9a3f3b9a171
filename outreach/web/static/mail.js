// The send page: picking a template fills the message at once (the server fills the merge fields).
(function () {
  var select = document.getElementById("template_id");
  var fill = document.getElementById("fill-template");
  if (!select || !fill) return;
  fill.hidden = true;
  select.addEventListener("change", function () { fill.click(); });
  // A template picked before this script ran (a quick hand on a slow line) is filled now.
  var rendered = Array.prototype.findIndex.call(select.options, function (o) { return o.defaultSelected; });
  if (select.selectedIndex !== Math.max(rendered, 0)) fill.click();
})();
