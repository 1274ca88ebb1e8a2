// tebiki: the region's menu on a phone. The list is open without this
// script; with it, a button opens and closes it (Escape closes it too).
// On a wide screen the stylesheet shows the list and hides the button.
(function () {
  "use strict";
  var nav = document.querySelector(".region-nav");
  if (!nav) return;
  var button = nav.querySelector(".menu-button");
  var list = nav.querySelector(".region-menu");
  if (!button || !list) return;
  function set(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    list.classList.toggle("is-closed", !open);
  }
  set(false);
  button.hidden = false;
  // In a menu taller than the screen (a column on a wide screen), the
  // current page's entry is scrolled into view.
  var current = list.querySelector("[aria-current=page]");
  if (current && nav.scrollHeight > nav.clientHeight + 1) {
    nav.scrollTop = current.offsetTop - nav.clientHeight / 2;
  }
  button.addEventListener("click", function () {
    set(button.getAttribute("aria-expanded") !== "true");
  });
  nav.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      set(false);
      button.focus();
    }
  });
})();

// The comparison: choose the regions to compare (cards and table alike).
(function () {
  "use strict";
  var chooser = document.querySelector(".compare-choose");
  if (!chooser) return;
  var boxes = chooser.querySelectorAll("input[type=checkbox]");
  function apply() {
    var off = {};
    Array.prototype.forEach.call(boxes, function (b) { if (!b.checked) off[b.value] = true; });
    Array.prototype.forEach.call(document.querySelectorAll("[data-region]"), function (el) {
      el.hidden = off[el.getAttribute("data-region")] === true;
    });
  }
  chooser.hidden = false;
  chooser.addEventListener("change", apply);
  apply();
})();
