// Moving a post on the calendar by drag and drop or by keyboard. Both end
// by submitting the post's own Move form (day, time, CSRF token), the one
// that works without this script, so the server's rules and audit apply
// alike. Keyboard: Space picks the focused post up, arrow keys choose the day
// (left/right a day, up/down a week), Enter moves it, Escape cancels.
(function () {
  "use strict";
  var list = document.querySelector("ol.days");
  var help = document.getElementById("move-help");
  var status = document.getElementById("move-status");
  if (!list) { return; }
  if (help) { help.hidden = false; }

  function say(text) { if (status) { status.textContent = text; } }

  function shift(iso, days) {
    var parts = iso.split("-").map(Number);
    var d = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2] + days));
    return d.toISOString().slice(0, 10);
  }

  function words(iso) {
    var parts = iso.split("-").map(Number);
    return new Date(Date.UTC(parts[0], parts[1] - 1, parts[2])).toLocaleDateString(undefined,
      {weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC"});
  }

  function mark(iso) {
    list.querySelectorAll(":scope > li.drop-target").forEach(function (li) { li.classList.remove("drop-target"); });
    var day = iso && list.querySelector(':scope > li[data-day="' + iso + '"]');
    if (day) { day.classList.add("drop-target"); }
  }

  function moveTo(chip, iso) {
    var form = chip.querySelector("details.move form");
    if (!form || !iso || iso === chip.dataset.day) { return false; }
    form.elements.day.value = iso;
    say("Moving to " + words(iso) + "…");
    form.submit();
    return true;
  }

  // Drag and drop.
  var dragged = null;
  list.addEventListener("dragstart", function (event) {
    var chip = event.target.closest && event.target.closest("li.chip");
    if (!chip) { return; }
    dragged = chip;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", chip.dataset.day);
  });
  list.addEventListener("dragover", function (event) {
    var day = dragged && event.target.closest && event.target.closest("ol.days > li[data-day]");
    if (!day) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    mark(day.dataset.day);
  });
  list.addEventListener("drop", function (event) {
    var day = dragged && event.target.closest && event.target.closest("ol.days > li[data-day]");
    if (!day) { return; }
    event.preventDefault();
    mark(null);
    moveTo(dragged, day.dataset.day);
  });
  list.addEventListener("dragend", function () { dragged = null; mark(null); });

  // Keyboard.
  var picked = null, target = null;
  function drop() {
    if (picked) { picked.classList.remove("picked"); }
    picked = null; target = null; mark(null);
  }
  list.addEventListener("keydown", function (event) {
    var chip = event.target.classList && event.target.classList.contains("chip") ? event.target : null;
    if (!chip) { return; }
    if (!picked && (event.key === " " || event.key === "Spacebar")) {
      event.preventDefault();
      picked = chip; target = chip.dataset.day;
      chip.classList.add("picked");
      say("Picked up. Now on " + words(target) + ". Arrow keys choose a day, Enter moves it, Escape cancels.");
      return;
    }
    if (picked !== chip) { return; }
    var step = {ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7}[event.key];
    if (step) {
      event.preventDefault();
      target = shift(target, step);
      mark(target);
      say(words(target));
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (!moveTo(chip, target)) { say("Not moved: that is the day it is on."); drop(); }
    } else if (event.key === "Escape") {
      event.preventDefault();
      drop();
      say("Move cancelled.");
    }
  });
  list.addEventListener("focusout", function (event) {
    if (picked && event.target === picked) { drop(); }
  });
})();
