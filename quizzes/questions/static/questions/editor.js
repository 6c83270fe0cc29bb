// The question editor's "Insert blank": puts the next {n} at the cursor in the prompt,
// then lets the button's own request (htmx) add that blank's accepted-answer field.
// Without JavaScript the same button appends the blank at the end of the prompt.
(function () {
  "use strict";

  var BLANK = /\{(\d+)\}/g;

  function nextBlank(text) {
    var highest = 0;
    text.replace(BLANK, function (_, number) {
      highest = Math.max(highest, parseInt(number, 10));
      return _;
    });
    return highest + 1;
  }

  // Where the cursor was when the prompt lost focus (the button takes focus on click);
  // a prompt never focused gets the blank at its end.
  document.addEventListener("focusout", function (event) {
    var field = event.target;
    if (field.id === "id_prompt") {
      field.setAttribute("data-caret", field.selectionStart + "," + field.selectionEnd);
    }
  });

  // Capture phase: runs before htmx's own click handler on the button reads its value.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-insert-blank]");
    var prompt = button && button.form && button.form.querySelector("#id_prompt");
    if (!prompt) {
      return;
    }
    var text = prompt.value;
    var caret = (prompt.getAttribute("data-caret") || "").split(",");
    var start = caret.length === 2 ? parseInt(caret[0], 10) : text.length;
    var end = caret.length === 2 ? parseInt(caret[1], 10) : text.length;
    var marker = "{" + nextBlank(text) + "}";
    if (start > 0 && /\S/.test(text.charAt(start - 1))) {
      marker = " " + marker;
    }
    if (end < text.length && /\w/.test(text.charAt(end))) {
      marker = marker + " ";
    }
    prompt.setRangeText(marker, start, end, "end");
    button.value = "blank-placed";
  }, true);
})();
