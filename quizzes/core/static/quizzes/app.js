// Our own small behaviours on top of htmx: focus and keyboard help.
// Everything here is progressive enhancement; pages work without it.
(function () {
  "use strict";

  // After htmx swaps in new content, move focus to it so keyboard and
  // screen-reader users land on what changed.
  function focusNewContent(root) {
    var target = root.querySelector("[data-autofocus]") || root;
    if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: false });
  }

  // What had focus once htmx finished swapping (htmx itself re-focuses a field whose id
  // comes back), so that settling can tell whether the user has moved on since.
  var focusedAtSwap = null;
  document.addEventListener("htmx:afterSwap", function () {
    focusedAtSwap = document.activeElement;
  });

  // afterSettle, not afterSwap: htmx wires up the new content's own hx- attributes while
  // settling, so input typed into a focused new field must wait for that.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    // An outerHTML swap replaced the target itself: its successor carries the same id.
    if (!target.isConnected) {
      target = target.id ? document.getElementById(target.id) : null;
      if (!target) {
        return;
      }
    }
    // Live regions that update while someone types (previews, search results) keep focus
    // where it is; they say so with data-keep-focus.
    if (target.closest("[data-keep-focus]")) {
      return;
    }
    // Someone quick already clicked or tabbed into the new content between swap and
    // settle: pulling focus back to its heading would send their next keys elsewhere.
    var active = document.activeElement;
    if (active !== focusedAtSwap && active !== document.body && target.contains(active)) {
      return;
    }
    focusNewContent(target);
  });

  // Enter in a text field presses its form's first button. A field can name the button
  // Enter should press instead (data-enter="<id>": the question editor's passage search);
  // in a form marked data-enter="", Enter in its other fields does nothing.
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || event.isComposing || field.tagName !== "INPUT" || !field.form) {
      return;
    }
    var named = field.getAttribute("data-enter");
    var button = named ? document.getElementById(named) : null;
    if (button) {
      event.preventDefault();
      button.click();
    } else if (field.form.getAttribute("data-enter") === "") {
      event.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    // Sign-up takes the browser's time zone; without JavaScript the field stays empty (UTC).
    var zoneFields = document.querySelectorAll("input[data-browser-time-zone]");
    if (zoneFields.length && window.Intl) {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
      zoneFields.forEach(function (field) { field.value = zone; });
    }
    // A form refused as a whole page (posted before htmx was ready, or sent without it)
    // puts focus on its error, as the same refusal swapped in by htmx does.
    var refused = document.querySelector("[role=alert][data-autofocus]");
    if (refused) {
      refused.focus();
      return;
    }
    var cited = document.querySelector(".passage.cited");
    if (cited) {
      cited.scrollIntoView({ block: "center" });
      cited.focus({ preventScroll: true });
    }
  });
})();

// Buttons that need JavaScript stay hidden without it: "Copy link" (data-copy="<id of the
// element whose text to copy>", saying so in the nearest [data-copy-status]) and "Print"
// (data-print). Without JavaScript the link is there to select, and the browser prints.
(function () {
  "use strict";

  function reveal(root) {
    root.querySelectorAll("[data-copy][hidden]").forEach(function (button) {
      if (navigator.clipboard) {
        button.hidden = false;
      }
    });
    root.querySelectorAll("[data-print][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () { reveal(document); });
  document.addEventListener("htmx:afterSettle", function (event) { reveal(event.detail.target); });

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var source = document.getElementById(copy.getAttribute("data-copy"));
      var status = copy.parentElement.querySelector("[data-copy-status]");
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        if (status) { status.textContent = "Copied."; }
      }, function () {
        if (status) { status.textContent = "Could not copy: select the link and copy it."; }
      });
      return;
    }
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
