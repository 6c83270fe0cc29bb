// Keyboard study for flashcards: Space/Enter flips, 1-4 rate, U undoes the last rating.
// The buttons are real forms; these keys only click them, so everything works without JS.
(function () {
  "use strict";

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function click(selector) {
    var button = document.querySelector("#study " + selector);
    if (button && !button.disabled) {
      button.click();
      return true;
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || typing(event.target)) {
      return;
    }
    var key = event.key;
    var handled = false;
    if (key === " " || key === "Enter") {
      // On a focused button or link, let the browser press it as usual.
      if (event.target.closest("button, a, summary")) {
        return;
      }
      handled = click("[data-flip]");
    } else if (/^[1-4]$/.test(key)) {
      handled = click('[data-rating="' + key + '"]');
    } else if (key === "u" || key === "U") {
      handled = click("[data-undo]");
    }
    if (handled) {
      event.preventDefault();
    }
  });

  // The study area is swapped whole (outerHTML), so focus its new content once settled,
  // and on first load, so keys and screen readers start at the card.
  function focusStudy() {
    var target = document.querySelector("#study [data-autofocus]");
    if (target) {
      target.focus({ preventScroll: false });
    }
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.elt && event.detail.elt.id === "study") {
      focusStudy();
    } else if (document.querySelector("#study") && !document.activeElement.closest("#study")) {
      focusStudy();
    }
  });
  document.addEventListener("DOMContentLoaded", focusStudy);
})();
