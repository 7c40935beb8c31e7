// The person picker's keyboard and mouse (templates/core/person_picker.html, szansa/web/people/picker.py), after
// the ARIA 1.2 combobox pattern with a listbox popup. HTMX posts what is typed and fills the listbox; this file:
// - opens the listbox when options arrive for the text being typed (aria-expanded), closes it on Escape, on
//   leaving the box or when nothing is found;
// - ArrowDown / ArrowUp move the active option (aria-activedescendant, aria-selected), the focus stays in the
//   text box; Enter or Tab chooses the active option (Tab then moves on), a click chooses too;
// - choosing writes the option's id into the hidden input and its text into the box; typing again clears the
//   id, so the form never keeps a choice the box no longer shows.
(function () {
  "use strict";

  function setupPicker(picker) {
    if (picker.hasAttribute("data-picker-ready")) return;
    picker.setAttribute("data-picker-ready", "");
    var input = picker.querySelector("[role='combobox']");
    var hidden = picker.querySelector("[data-picker-value]");
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!input || !hidden || !list) return;
    var chosenText = input.value;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll("[role='option']"));
    }
    function isOpen() {
      return !list.hidden;
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function open() {
      if (!options().length) {
        close();
        return false;
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      return true;
    }
    function activeIndex() {
      var id = input.getAttribute("aria-activedescendant");
      var all = options();
      for (var i = 0; i < all.length; i++) if (all[i].id === id) return i;
      return -1;
    }
    function activate(index) {
      var all = options();
      if (!all.length) return;
      index = (index + all.length) % all.length;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
        option.classList.toggle("active", i === index);
      });
      input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    }
    function choose(option) {
      hidden.value = option.getAttribute("data-value");
      input.value = option.getAttribute("data-text");
      chosenText = input.value;
      close();
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }

    input.addEventListener("input", function () {
      if (input.value !== chosenText) hidden.value = "";
      if (!input.value.trim()) close();
    });
    input.addEventListener("keydown", function (event) {
      var index = activeIndex();
      switch (event.key) {
        case "ArrowDown":
          if (event.altKey) {
            open();
          } else if (open()) {
            activate(index + 1);
          }
          event.preventDefault();
          break;
        case "ArrowUp":
          if (open()) activate(index < 0 ? -1 : index - 1);
          event.preventDefault();
          break;
        case "Enter":
          if (isOpen() && index >= 0) {
            event.preventDefault();
            choose(options()[index]);
          }
          break;
        case "Tab":
          if (isOpen() && index >= 0) choose(options()[index]);
          else close();
          break;
        case "Escape":
          if (isOpen()) {
            event.preventDefault();
            event.stopPropagation();
            close();
          }
          break;
      }
    });
    input.addEventListener("blur", function () {
      close();
    });
    // A click on an option chooses it; the press itself must not take the focus from the text box.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var option = event.target.closest && event.target.closest("[role='option']");
      if (option) choose(option);
      input.focus();
    });
    // New options: shown while one is still typing in the box (an answer arriving after a choice is ignored).
    list.addEventListener("htmx:afterSwap", function () {
      input.removeAttribute("aria-activedescendant");
      if (document.activeElement === input && input.value !== chosenText) open();
      else close();
    });
  }

  function setupAll(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches && root.matches("[data-person-picker]")) setupPicker(root);
    root.querySelectorAll("[data-person-picker]").forEach(setupPicker);
  }

  document.addEventListener("htmx:load", function (event) {
    setupAll(event.target);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setupAll(document);
    });
  } else {
    setupAll(document);
  }
})();
