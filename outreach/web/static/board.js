// The board: drag a card to another column to move it, "Show all" of a long column, moves by
// keyboard (Alt+Arrow keys on a focused card), and a live board: a colleague's change shows
// up without a reload. Without a mouse or JavaScript, each card's "Move" link leads to the
// entry page's stage form, which does the same, and "Show all" to the board with that column whole.
(function () {
  "use strict";
  var board = document.querySelector(".board");
  if (!board || typeof Sortable === "undefined") { return; }
  var status = document.getElementById("board-status");
  var csrf = board.dataset.csrf;
  var busy = 0;            // drags and moves under way: the live board waits for them
  var version = board.dataset.boardVersion;  // the board version this page shows (the poll's ETag)
  var pressing = false;    // a button is down on the board: a drag may be starting
  var expanded = {};       // stage ids shown whole, kept whole when the board refreshes

  // aria-busy tells assistive technology (and the browser tests) that a move is being saved.
  function addBusy(delta) {
    busy += delta;
    board.setAttribute("aria-busy", busy > 0 ? "true" : "false");
  }

  function say(message, isError) {
    status.textContent = message;
    status.className = "board-status " + (isError ? "flash flash-error" : "flash flash-success");
  }

  // Columns may show only their first cards, so counts are adjusted, not recounted.
  function addToCount(list, delta) {
    var count = list.closest(".column").querySelector(".count");
    count.textContent = parseInt(count.textContent, 10) + delta;
  }

  // Ask the server to move a card; `undo` puts it back if the server refuses (a stale card,
  // do-not-contact): the server's answer is the truth.
  function postMove(card, from, to, undo) {
    var body = new FormData();
    body.append("stage_id", to.dataset.stage);
    body.append("version", card.dataset.version);
    body.append("csrf_token", csrf);
    addBusy(1);
    return fetch(card.dataset.moveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) {
        undo();
        say(result.data.message || "The card could not be moved.", true);
        return;
      }
      addToCount(from, -1);
      addToCount(to, 1);
      card.dataset.version = result.data.version;
      card.querySelector(".card-select").value = card.dataset.entry + ":" + result.data.version;
      say(result.data.message, false);
    }).catch(function () {
      undo();
      say("The card could not be moved: the server did not answer. Reload and try again.", true);
    }).then(function () { addBusy(-1); });
  }

  function moveCard(event) {
    addBusy(-1);  // the drag is over
    if (event.from === event.to) { return; }
    postMove(event.item, event.from, event.to, function () {
      event.from.insertBefore(event.item, event.from.children[event.oldIndex] || null);
    });
  }

  // Alt+ArrowRight / Alt+ArrowLeft move the focused card one column right or left.
  function moveByKey(event) {
    var card = event.target.closest && event.target.closest(".card-item");
    if (!card || card !== event.target || !event.altKey) { return; }
    var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) { return; }
    event.preventDefault();
    if (busy > 0) {  // one move at a time: the next needs this one's new version
      say("The last move is still being saved: press again in a moment.", true);
      return;
    }
    var lists = Array.prototype.slice.call(board.querySelectorAll(".cards"));
    var from = card.parentElement;
    var to = lists[lists.indexOf(from) + step];
    if (!to) { return; }
    var next = card.nextElementSibling;
    to.insertBefore(card, to.firstElementChild);
    card.focus();
    postMove(card, from, to, function () { from.insertBefore(card, next); card.focus(); });
  }

  function makeSortable(list) {
    Sortable.create(list, {
      group: "board",
      animation: 120,
      filter: ".card-move, .card-select",
      preventOnFilter: false,
      forceFallback: true,  // mouse and touch events: the same on every browser
      onStart: function () { addBusy(1); },
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
      var column = link.closest(".column");
      expanded[column.dataset.column] = true;
      column.outerHTML = html;
      makeNewListsSortable();
    }).catch(function () {
      window.location.assign(link.href);
    });
  }

  // The live board: ask for the board's version (304 while unchanged); when it moved, fetch
  // the columns and swap them in, keeping the checked cards checked and focus where it was.
  function columnsUrl() {
    var url = new URL(board.dataset.columnsUrl, window.location.href);
    Object.keys(expanded).forEach(function (stageId) { url.searchParams.append("expand", stageId); });
    return url.toString();
  }

  function swapColumns(html) {
    var checked = {};
    board.querySelectorAll(".card-select:checked").forEach(function (box) { checked[box.closest(".card-item").dataset.entry] = true; });
    var focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(".card-item");
    var focusedId = focused ? focused.dataset.entry : null;
    board.innerHTML = html;
    board.querySelectorAll(".card-item").forEach(function (card) {
      if (checked[card.dataset.entry]) { card.querySelector(".card-select").checked = true; }
      if (card.dataset.entry === focusedId) { card.focus(); }
    });
    makeNewListsSortable();
    document.dispatchEvent(new CustomEvent("board:refreshed"));
  }

  // A refresh waits for moves being saved and for a pressed button (a drag may be starting).
  function settled() { return busy === 0 && !pressing; }

  function poll() {
    if (!settled() || document.hidden) { return; }
    var headers = version ? { "If-None-Match": '"' + version + '"' } : {};
    fetch(board.dataset.versionUrl, { credentials: "same-origin", headers: headers }).then(function (response) {
      if (response.status === 304 || !response.ok) { return null; }
      return response.json();
    }).then(function (data) {
      if (!data || data.version === version) { return null; }
      return fetch(columnsUrl(), { credentials: "same-origin" }).then(function (response) {
        if (!response.ok || !settled()) { return; }  // the next poll tries again
        version = response.headers.get("X-Board-Version") || data.version;
        return response.text().then(swapColumns);
      });
    }).catch(function () { /* the next poll tries again */ });
  }

  makeNewListsSortable();
  board.addEventListener("click", showAll);
  board.addEventListener("keydown", moveByKey);
  // A refresh between pressing a card and the drag taking hold would pull the card away.
  board.addEventListener("pointerdown", function () { pressing = true; });
  document.addEventListener("pointerup", function () { pressing = false; });
  document.addEventListener("pointercancel", function () { pressing = false; });
  var seconds = parseFloat(board.dataset.pollSeconds) || 5;
  if (seconds > 0) { window.setInterval(poll, seconds * 1000); }
})();
