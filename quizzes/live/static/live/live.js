// The live game's countdowns (docs/live.md). The server sends the milliseconds left of
// the question (its clock decides; the phone's clock is never read for the deadline), and
// this counts them down. At zero the player's answer form is disabled and the host's
// screen asks the server to reveal the answer (the server refuses late answers anyway).
// After a swap (a push over the WebSocket or an htmx answer), focus moves to the new
// screen's heading when the game's state or question changed.
(function () {
  "use strict";
  var seen = new WeakMap();
  var lastScreen = null;

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-remaining-ms]").forEach(function (el) {
      if (!seen.has(el)) {
        seen.set(el, now + parseInt(el.dataset.remainingMs, 10));
      }
      var left = Math.max(0, seen.get(el) - now);
      var out = el.querySelector("[data-seconds-left]");
      var seconds = String(Math.ceil(left / 1000));
      if (out && out.textContent !== seconds) {
        out.textContent = seconds;
      }
      if (left === 0 && !el.dataset.done) {
        el.dataset.done = "1";
        el.classList.add("is-up");
        document.querySelectorAll("[data-live-answer] button, [data-live-answer] input").forEach(function (input) {
          input.disabled = true;
        });
        var reveal = document.querySelector("form[data-auto-reveal]");
        if (reveal && window.htmx) {
          window.htmx.trigger(reveal, "submit");
        }
      }
    });
  }

  function focusNewScreen() {
    var stage = document.getElementById("live-stage");
    if (!stage) {
      return;
    }
    var screen = stage.dataset.liveState + ":" + stage.dataset.liveIndex;
    if (lastScreen !== null && screen !== lastScreen) {
      var target = stage.querySelector("#live-heading, #live-prompt, #live-status");
      if (target && !stage.contains(document.activeElement)) {
        target.focus();
      } else if (target && document.activeElement === document.body) {
        target.focus();
      }
    }
    lastScreen = screen;
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusNewScreen();
    window.setInterval(tick, 200);
    tick();
    document.body.addEventListener("htmx:afterSettle", focusNewScreen);
    document.body.addEventListener("htmx:wsAfterMessage", function () {
      window.setTimeout(focusNewScreen, 0);
    });
  });
})();
