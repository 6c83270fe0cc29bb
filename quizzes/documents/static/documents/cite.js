// "Cite this": words selected in the passage fill the quote field exactly. Without this
// script the teacher copies them, and the server checks the quote word for word.
(function () {
  "use strict";
  function setUp() {
    var passage = document.getElementById("passage-text");
    var button = document.getElementById("cite-selection");
    var field = document.getElementById("id_quote");
    if (!passage || !button || !field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var selection = window.getSelection();
      if (!selection || selection.rangeCount === 0) return;
      var range = selection.getRangeAt(0);
      if (!passage.contains(range.commonAncestorContainer)) return;
      field.value = selection.toString().trim();
      field.focus();
    });
  }
  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("htmx:afterSettle", setUp);
})();
