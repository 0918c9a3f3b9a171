// The board: drag a card to another column to move it. Each card also has a plain
// form that does the same without JavaScript or with the keyboard.
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

  function recount() {
    board.querySelectorAll(".column").forEach(function (column) {
      column.querySelector(".count").textContent = column.querySelectorAll(".card-item").length;
    });
  }

  function putBack(event) {
    var reference = event.from.children[event.oldIndex] || null;
    event.from.insertBefore(event.item, reference);
    recount();
  }

  function moveCard(event) {
    if (event.from === event.to) { return; }
    var card = event.item;
    var stageId = event.to.dataset.stage;
    var body = new FormData();
    body.append("stage_id", stageId);
    body.append("version", card.dataset.version);
    body.append("csrf_token", csrf);
    recount();
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
      card.dataset.version = result.data.version;
      card.querySelector("input[name=version]").value = result.data.version;
      card.querySelector("select[name=stage_id]").value = String(result.data.stage_id);
      say(result.data.message, false);
    }).catch(function () {
      putBack(event);
      say("The card could not be moved: the server did not answer. Reload and try again.", true);
    });
  }

  board.querySelectorAll(".cards").forEach(function (list) {
    Sortable.create(list, {
      group: "board",
      animation: 120,
      filter: "select, button, input, label",
      forceFallback: true,  // mouse and touch events: the same on every browser
      preventOnFilter: false,
      onEnd: moveCard
    });
  });
})();
