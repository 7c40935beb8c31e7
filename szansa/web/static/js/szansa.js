// Szansa's shared page behaviour (issue 16). Every page works without it; it only adds:
// - the menu's groups (<details>): opening one closes the others; Escape or a click elsewhere closes them;
// - the error summary (templates/core/error_summary.html): focused when the page loads, its links focus
//   their field (a fragment link alone only scrolls);
// - focus after an htmx swap: when the focus was inside the swapped region (it is lost with the old
//   content), it goes to the new region's first invalid field, else its first alert, heading or status;
// - wide tables: a table wider than its place is put in a region that scrolls sideways, with tabindex="0"
//   (keyboard scrolling), a name and a visible hint; a table that fits is left as it is;
// - the language select submits its form on change (instead of an inline onchange);
// - a form with data-go-to-select="<select name>" opens the address chosen in that select (the calendar's
//   choice of a specialist or room), instead of an inline onsubmit the Content-Security-Policy forbids.
(function () {
  "use strict";

  // --- menu ---------------------------------------------------------------------------------------------
  function menuGroups() {
    return document.querySelectorAll("details.menu-group");
  }
  function closeMenus(except) {
    menuGroups().forEach(function (group) {
      if (group !== except) group.open = false;
    });
  }
  function setupMenu() {
    menuGroups().forEach(function (group) {
      group.addEventListener("toggle", function () {
        if (group.open) closeMenus(group);
      });
    });
    // The current page's item: aria-current, and its group's name is marked too.
    document.querySelectorAll(".main-menu a[href]").forEach(function (link) {
      if (link.pathname !== "/" && window.location.pathname.indexOf(link.pathname) === 0) {
        link.setAttribute("aria-current", "page");
        var group = link.closest("details.menu-group");
        if (group) group.classList.add("current");
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var open = document.querySelector("details.menu-group[open]");
      if (!open) return;
      open.open = false;
      open.querySelector("summary").focus();
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest || !event.target.closest("details.menu-group")) closeMenus(null);
    });
    document.addEventListener("focusin", function (event) {
      if (!event.target.closest || !event.target.closest("details.menu-group")) closeMenus(null);
    });
  }

  // --- focus helpers ------------------------------------------------------------------------------------
  function focusOn(element) {
    if (!element) return false;
    var focusable = element.matches("a[href], button, input, select, textarea, summary, [tabindex]");
    if (!focusable) element.setAttribute("tabindex", "-1");
    element.focus();
    return document.activeElement === element;
  }
  function fieldOf(target) {
    // A radio group's id is on its wrapper: its first input takes the focus.
    if (target.matches("input, select, textarea")) return target;
    return target.querySelector("input:not([type=hidden]), select, textarea") || target;
  }

  // --- error summary ------------------------------------------------------------------------------------
  function setupErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target) return;
      event.preventDefault();
      var field = fieldOf(target);
      var label = field.id && document.querySelector("label[for='" + field.id + "']");
      (label || field).scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
    focusOn(summary);
  }

  // --- focus after an htmx swap -------------------------------------------------------------------------
  var pendingSwap = null;
  var FOCUS_ORDER = [
    "[aria-invalid='true']",
    "[data-error-summary]",
    "[role='alert']",
    "h1, h2, h3, h4, h5, h6",
    "[role='status'], .message",
  ];
  function firstFocusTarget(region) {
    for (var i = 0; i < FOCUS_ORDER.length; i++) {
      if (region.matches(FOCUS_ORDER[i])) return region;
      var found = region.querySelector(FOCUS_ORDER[i]);
      if (found) return found;
    }
    return region.querySelector("a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea") || region;
  }
  function focusLost() {
    var active = document.activeElement;
    return !active || active === document.body || !active.isConnected;
  }
  function setupHtmxFocus() {
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      var detail = event.detail || {};
      var target = detail.target;
      var config = detail.requestConfig || {};
      // Only a swap that the user caused (not a poll) and that replaces the element holding the focus.
      pendingSwap = target && config.triggeringEvent && target.contains(document.activeElement) ? true : null;
    });
    document.body.addEventListener("htmx:afterSettle", function (event) {
      if (!pendingSwap || !focusLost()) return;
      var region = event.target;
      if (!region || !region.isConnected || region === document.body) region = document.getElementById("main");
      pendingSwap = null;
      focusOn(firstFocusTarget(region));
    });
  }

  // --- wide tables --------------------------------------------------------------------------------------
  function tableName(table) {
    var caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var labelled = table.getAttribute("aria-label");
    if (labelled) return labelled;
    // The nearest heading before the table names it; else a generic name.
    var node = table.closest(".table-scroll") || table;
    while (node && node !== document.body) {
      var sibling = node.previousElementSibling;
      while (sibling) {
        if (/^H[1-6]$/.test(sibling.tagName)) return sibling.textContent.trim();
        var inner = sibling.querySelectorAll && sibling.querySelectorAll("h1, h2, h3, h4, h5, h6");
        if (inner && inner.length) return inner[inner.length - 1].textContent.trim();
        sibling = sibling.previousElementSibling;
      }
      node = node.parentElement;
    }
    return document.body.dataset.tableName || "Table";
  }
  function tooWide(table, container) {
    return table.getBoundingClientRect().width > container.clientWidth + 1;
  }
  function wrapTable(table) {
    var wrapper = table.parentElement;
    if (!wrapper.classList.contains("table-scroll")) {
      // A table that fits stays where it is (pages and tests may rely on its place, e.g. `h2 + table`).
      if (!tooWide(table, wrapper)) return;
      wrapper = document.createElement("div");
      wrapper.className = "table-scroll";
      table.parentNode.insertBefore(wrapper, table);
      wrapper.appendChild(table);
    }
    updateTable(wrapper);
  }
  function updateTable(wrapper) {
    var table = wrapper.querySelector("table");
    var wide = table && table.scrollWidth > wrapper.clientWidth + 1;
    wrapper.classList.toggle("is-wide", !!wide);
    var hint = wrapper.previousElementSibling;
    var hasHint = hint && hint.classList.contains("table-scroll-hint");
    if (wide) {
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("role", "region");
      if (!wrapper.hasAttribute("aria-label")) wrapper.setAttribute("aria-label", tableName(table));
      if (!hasHint) {
        hint = document.createElement("p");
        hint.className = "table-scroll-hint";
        hint.textContent = document.body.dataset.tableHint || "";
        wrapper.parentNode.insertBefore(hint, wrapper);
      }
    } else if (!wrapper.hasAttribute("data-static")) {
      // A wrapper written in a template (data-static) keeps its attributes.
      wrapper.removeAttribute("tabindex");
      wrapper.removeAttribute("role");
      wrapper.removeAttribute("aria-label");
      if (hasHint) hint.remove();
    }
  }
  function setupTables(root) {
    (root || document).querySelectorAll("main table").forEach(wrapTable);
  }
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      setupTables(document);
    }, 150);
  });

  // --- language select ----------------------------------------------------------------------------------
  function setupAutosubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
  }

  // --- go to the chosen address -------------------------------------------------------------------------
  function setupGoToSelect() {
    document.querySelectorAll("form[data-go-to-select]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var select = form.elements[form.getAttribute("data-go-to-select")];
        if (select && select.value && select.value.charAt(0) === "/") {
          event.preventDefault();
          window.location.assign(select.value);
        }
      });
    });
  }

  function init() {
    setupMenu();
    setupAutosubmit();
    setupGoToSelect();
    setupTables(document);
    setupErrorSummary();
    // Tables are wrapped before the focus moves: moving a table in the document would blur what it holds.
    document.body.addEventListener("htmx:afterSettle", function (event) {
      if (event.target && event.target.querySelectorAll) {
        if (event.target.matches("main table")) wrapTable(event.target);
        setupTables(event.target);
      }
    });
    setupHtmxFocus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
