// Offers the browser's own time zone when it differs from the one chosen, so nobody has to
// find their city among four hundred names; the choice is still the person's.
(function () {
  "use strict";
  var select = document.getElementById("time_zone");
  var offer = document.getElementById("browser-zone");
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!select || !offer || !zone || zone === select.value) { return; }
  if (!Array.prototype.some.call(select.options, function (option) { return option.value === zone; })) { return; }
  offer.querySelector("[data-zone]").textContent = zone;
  offer.hidden = false;
  offer.querySelector("button").addEventListener("click", function () {
    select.value = zone;
    offer.hidden = true;
  });
})();
