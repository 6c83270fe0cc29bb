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

  // Invalid form input is answered with 400 and the form showing its errors; htmx
  // leaves 4xx responses unswapped by default, so let those in.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400 || event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    focusNewContent(event.detail.target);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var cited = document.querySelector(".passage.cited");
    if (cited) {
      cited.scrollIntoView({ block: "center" });
      cited.focus({ preventScroll: true });
    }
  });
})();
