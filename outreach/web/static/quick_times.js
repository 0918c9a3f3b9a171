// Fills a date-and-time field with a usual moment: in an hour, tomorrow or next Monday at 09:00.
// "Now" comes from the page (data-now), on the clock of the person's chosen zone, which the
// server reads the field on; the browser's own zone never enters the sum.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function wall(date) {  // a Date holding wall-clock time in its UTC fields
    return date.getUTCFullYear() + "-" + pad(date.getUTCMonth() + 1) + "-" + pad(date.getUTCDate()) +
      "T" + pad(date.getUTCHours()) + ":" + pad(date.getUTCMinutes());
  }
  document.querySelectorAll(".quick-times").forEach(function (box) {
    var input = document.getElementById(box.dataset.for);
    var parts = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)$/.exec(box.dataset.now || "");
    if (!input || !parts) { return; }
    var now = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3], +parts[4], +parts[5]));
    box.hidden = false;
    box.addEventListener("click", function (event) {
      var pick = event.target.dataset && event.target.dataset.pick;
      if (!pick) { return; }
      var when = new Date(now.getTime());
      if (pick === "hour") {
        when.setUTCHours(when.getUTCHours() + 1);
      } else {
        var days = pick === "tomorrow" ? 1 : ((8 - when.getUTCDay()) % 7 || 7);  // Monday is 1
        when.setUTCDate(when.getUTCDate() + days);
        when.setUTCHours(9, 0, 0, 0);
      }
      input.value = wall(when);
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
})();
