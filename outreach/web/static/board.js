// The board: drag a card to another column to move it, and "Show all" of a long column.
// Without a mouse or JavaScript, each card's "Move" link leads to the entry page's stage
// form, which does the same, and "Show all" to the board with that column whole.
(function () {
  "use strict";
  var board = document.querySelector(".board");
  if (!board || typeof Sortable === "undefined") { return; }
  var status = document.getElementById("board-status");
  var csrf = board.dataset.csrf;

  function say(message, isError) {
    status.textContent = message;
    status.className = "board-status " + (isError ? "flash flash-error" : "flash flash-success");
  }

  // Columns may show only their first cards, so counts are adjusted, not recounted.
  function addToCount(list, delta) {
    var count = list.closest(".column").querySelector(".count");
    count.textContent = parseInt(count.textContent, 10) + delta;
  }

  function putBack(event) {
    var reference = event.from.children[event.oldIndex] || null;
    event.from.insertBefore(event.item, reference);
  }

  function moveCard(event) {
    if (event.from === event.to) { return; }
    var card = event.item;
    var body = new FormData();
    body.append("stage_id", event.to.dataset.stage);
    body.append("version", card.dataset.version);
    body.append("csrf_token", csrf);
    fetch(card.dataset.moveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) {
        putBack(event);
        say(result.data.message || "The card could not be moved.", true);
        return;
      }
      addToCount(event.from, -1);
      addToCount(event.to, 1);
      card.dataset.version = result.data.version;
      card.querySelector(".card-select").value = card.dataset.entry + ":" + result.data.version;
      say(result.data.message, false);
    }).catch(function () {
      putBack(event);
      say("The card could not be moved: the server did not answer. Reload and try again.", true);
    });
  }

  function makeSortable(list) {
    Sortable.create(list, {
      group: "board",
      animation: 120,
      filter: ".card-move, .card-select",
      preventOnFilter: false,
      forceFallback: true,  // mouse and touch events: the same on every browser
      onEnd: moveCard
    });
  }

  function makeNewListsSortable() {
    board.querySelectorAll(".cards:not([data-sortable])").forEach(function (list) {
      list.dataset.sortable = "1";
      makeSortable(list);
    });
  }

  // "Show all": fetch the whole column and put it in place of the shortened one. If that
  // fails, follow the link, which shows the board with that column whole.
  function showAll(event) {
    var link = event.target.closest(".show-all");
    if (!link) { return; }
    event.preventDefault();
    fetch(link.dataset.columnUrl, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.text();
    }).then(function (html) {
      link.closest(".column").outerHTML = html;
      makeNewListsSortable();
    }).catch(function () {
      window.location.assign(link.href);
    });
  }

  makeNewListsSortable();
  board.addEventListener("click", showAll);
})();
