// The quiz player's small behaviours: countdown, keys for the options, and ordering by
// buttons or drag.
// (htmx swaps in the server's 4xx messages, such as a bad answer or time up: the
// responseHandling in base.html's htmx-config.)
// Progressive enhancement only: without this file every control still posts a form.
(function () {
  "use strict";

  // Back and Forward bring a whole player page back from the server (hx-history="false"),
  // this script included: its listeners must not be added twice.
  if (window.quizPlayerLoaded) return;
  window.quizPlayerLoaded = true;

  // Countdown: the server enforces the deadline; this only shows it and, at zero,
  // reloads the player so the server can hand in the attempt.
  var countdown = null;

  function startCountdown() {
    var box = document.querySelector(".countdown[data-deadline]");
    if (!box) return;
    var deadline = Date.parse(box.getAttribute("data-deadline"));
    // The device's clock may be minutes off the server's: count in the server's time, as
    // it was when the page was drawn (data-now).
    var skew = Date.parse(box.getAttribute("data-now")) - Date.now() || 0;
    var shown = box.querySelector(".remaining");
    var alertBox = document.querySelector("[data-countdown-alert]");
    var warned = false;
    function tick() {
      var left = Math.max(0, Math.round((deadline - (Date.now() + skew)) / 1000));
      var hours = Math.floor(left / 3600), minutes = Math.floor((left % 3600) / 60);
      var seconds = left % 60;
      function pad(n) { return (n < 10 ? "0" : "") + n; }
      // A due date can be days away: days, then hours, then minutes and seconds.
      shown.textContent = "Time left: " + (
        hours >= 48 ? Math.floor(hours / 24) + " days " + (hours % 24) + " h"
        : hours ? hours + ":" + pad(minutes) + ":" + pad(seconds)
        : minutes + ":" + pad(seconds));
      box.classList.toggle("urgent", left <= 60);
      if (left <= 60 && !warned && alertBox) {
        warned = true;
        alertBox.textContent = "One minute left.";
      }
      if (left <= 0) {
        clearInterval(countdown);
        if (alertBox) alertBox.textContent = "Time is up.";
        // A few seconds' grace on the server: let a last save land first.
        setTimeout(function () { window.location.assign(box.getAttribute("data-expired-url")); }, 6000);
      }
    }
    countdown = setInterval(tick, 1000);
    tick();
  }

  // Once the server says the attempt is closed (time is up, or submitted elsewhere),
  // the countdown has nothing left to count.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;  // none when htmx restores a page from its history
    if (countdown !== null && target && target.querySelector("[data-attempt-closed]")) {
      clearInterval(countdown);
      var box = document.querySelector(".countdown[data-deadline]");
      if (box) box.hidden = true;
    }
  });

  // An exam saves what is on screen as it changes (the draft line's hx-trigger listens
  // for `input` on the answer form): a move of an ordering item is such a change.
  function changed(element) {
    element.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // Ordering: move items in the page instead of posting the form for each move.
  function refreshMoves(list) {
    var items = list.querySelectorAll("li");
    items.forEach(function (li, i) {
      li.querySelector("[data-move=up]").disabled = i === 0;
      li.querySelector("[data-move=down]").disabled = i === items.length - 1;
    });
  }

  function announce(list, li) {
    var status = list.parentNode.querySelector("[data-ordering-status]");
    var items = Array.prototype.slice.call(list.querySelectorAll("li"));
    if (status) {
      status.textContent = li.querySelector(".item-text").textContent + " is now " +
        (items.indexOf(li) + 1) + " of " + items.length + ".";
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-ordering] [data-move]");
    if (!button) return;
    event.preventDefault();
    var li = button.closest("li"), list = li.parentNode;
    if (button.getAttribute("data-move") === "up" && li.previousElementSibling) {
      list.insertBefore(li, li.previousElementSibling);
    } else if (button.getAttribute("data-move") === "down" && li.nextElementSibling) {
      list.insertBefore(li.nextElementSibling, li);
    }
    refreshMoves(list);
    announce(list, li);
    changed(list);
    if (button.disabled) {
      li.querySelector("[data-move]:not([disabled])").focus();
    } else {
      button.focus();
    }
  });

  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    var li = event.target.closest && event.target.closest("[data-ordering] li");
    if (!li) return;
    dragged = li;
    li.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", li.getAttribute("data-id"));
  });
  document.addEventListener("dragover", function (event) {
    var li = dragged && event.target.closest && event.target.closest("[data-ordering] li");
    if (!li || li === dragged || li.parentNode !== dragged.parentNode) return;
    event.preventDefault();
    var box = li.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    li.parentNode.insertBefore(dragged, after ? li.nextSibling : li);
  });
  document.addEventListener("drop", function (event) {
    if (dragged) event.preventDefault();
  });
  document.addEventListener("dragend", function () {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    refreshMoves(dragged.parentNode);
    announce(dragged.parentNode, dragged);
    changed(dragged.parentNode);
    dragged = null;
  });

  // Keys for the options: 1-9 choose (a radio button is chosen, a checkbox toggled), Enter
  // sends the answer form (its action: check in practice, save and next in an exam). Not
  // while typing in a field, nor on a button or link, whose own Enter stands.
  function typing(element) {
    return element && element.matches &&
      element.matches("textarea, select, button, a, summary, input:not([type=radio], [type=checkbox])");
  }
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    var form = document.getElementById("answer-form");
    if (!form || typing(event.target)) return;
    var widget = form.querySelector("fieldset.widget");
    if (!widget || widget.disabled) return;
    if (/^[1-9]$/.test(event.key)) {
      var option = widget.querySelectorAll("label.option input")[Number(event.key) - 1];
      if (!option) return;
      event.preventDefault();
      option.click();  // as a tap would: a change event, and a radio stays chosen
    } else if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    }
  });

  // Dragging and the keys need this script, so only mention them when it runs.
  function showDragHints(root) {
    root.querySelectorAll("[data-drag-hint], [data-key-hint]").forEach(function (hint) {
      hint.hidden = false;
    });
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target) showDragHints(event.detail.target);
  });

  // "Back" and "Forward" restore a whole page from htmx's history (its cache, or the server
  // on a miss): its countdown is a new element (the running one would keep updating the
  // old, detached one), and a page from the server has its drag hints hidden.
  document.addEventListener("htmx:historyRestore", function () {
    if (countdown !== null) clearInterval(countdown);
    countdown = null;
    startCountdown();
    showDragHints(document);
  });

  document.addEventListener("DOMContentLoaded", function () {
    // The bare attempt URL means "wherever the student is now": name this screen instead,
    // so that coming Back to this history entry shows this screen, not the latest one.
    var screen = document.querySelector("[data-screen-url]");
    if (screen && !location.search) {
      history.replaceState(history.state, "", screen.getAttribute("data-screen-url"));
    }
    startCountdown();
    showDragHints(document);
  });
})();
