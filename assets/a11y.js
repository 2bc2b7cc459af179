/* Keyboard and screen-reader repairs of Dash 4 components (WCAG 2.2 AA), applied as they render:
   - a Checklist is a role=listbox of role=option labels that each hold a real checkbox (nested
     interactive controls, a listbox without a name): the roles go, the native checkboxes and their
     labels remain, grouped and named by the filter's label;
   - a Dropdown takes focus on an input hidden from assistive technology (aria-hidden on a focusable
     element): it stays focusable, is no longer hidden, and is named by the filter's label and value;
   - the copy-link field holds a relative address when the server has no DASHBOARD_PUBLIC_URL (it never
     trusts a request's Host): it is completed with this page's own origin (nav.js copies it so too).
   Focus follows the detail panel: a pick moves it to the panel's close link; Esc or that link closes the panel
   and focus goes back to where the pick was made (presentation mode's focus: presentation.js). */
(function () {
  var watchedPanel = null; // the detail panel, observed
  var shownFigure = null; // the figure in the detail panel
  var opener = null; // the element focus returns to when the panel closes
  var interacted = false; // no focus moves before the reader does something: a deep link keeps the page's focus

  function absoluteLinks(root) {
    root.querySelectorAll("input.view-link, .view-link input").forEach(function (input) {
      var value = input.value;
      if (value.charAt(0) === "/" && value.charAt(1) !== "/") { input.value = window.location.origin + value; }
    });
  }

  function repair(root) {
    absoluteLinks(root);
    root.querySelectorAll(".dash-checklist[role=listbox], .dash-radioitems[role=listbox]").forEach(function (list) {
      list.setAttribute("role", "group");
      var label = document.getElementById(list.id + "-label");
      if (label) { list.setAttribute("aria-labelledby", label.id); }
    });
    root.querySelectorAll(".dash-checklist .dash-options-list-option[role], .dash-checklist .dash-options-list-option[aria-selected]").forEach(function (option) {
      option.removeAttribute("role");
      option.removeAttribute("aria-selected");
    });
    root.querySelectorAll(".dash-dropdown-focus-target[aria-hidden]").forEach(function (target) {
      target.removeAttribute("aria-hidden");
      var button = target.parentElement && target.parentElement.querySelector("button.dash-dropdown");
      if (button && button.id) {
        target.setAttribute("aria-labelledby", button.id + "-label " + button.id + "-value");
        target.setAttribute("aria-haspopup", "listbox");
      }
    });
    var panel = document.getElementById("detail-panel");
    if (panel && panel !== watchedPanel) {
      watchedPanel = panel;
      shownFigure = figureIn(panel);
      new MutationObserver(panelChanged).observe(panel, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-figure"] });
    }
  }

  function figureIn(panel) {
    var head = panel.querySelector(".detail-head");
    return head ? head.getAttribute("data-figure") : null;
  }
  function outside(panel, element) {
    return element && element !== document.body && !panel.contains(element);
  }
  function panelChanged() {
    var panel = document.getElementById("detail-panel");
    var figure = figureIn(panel);
    if (figure === shownFigure) { return; } // re-rendered for a new scope, same figure: focus stays put
    var was = shownFigure;
    var active = document.activeElement;
    shownFigure = figure;
    if (outside(panel, active)) { opener = active; }
    if (figure && interacted) {
      var close = panel.querySelector(".detail-close");
      // Once the frame that shows the pick is drawn: a focus move forces a layout, which in the middle of the
      // pick's repaint would come before the charts' own. The panel is fixed: nothing to scroll to.
      if (close) {
        window.requestAnimationFrame(function () {
          window.setTimeout(function () {
            if (close.isConnected && shownFigure === figure) { close.focus({ preventScroll: true }); }
          }, 0);
        });
      }
    } else if (!figure && was) {
      if (!outside(panel, active)) { // focus was in the panel, now gone: give it back
        var back = opener && opener.isConnected ? opener : document.getElementById("tab-content");
        if (back) { back.focus(); }
      }
      opener = null;
    }
  }

  function onKey(event) {
    interacted = true;
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || !target.matches) { return; }
    if (event.key === "Escape" && !event.defaultPrevented && !presenting()
               && !target.closest(".dash-dropdown-wrapper")) { // there, Esc closes the open dropdown
      var close = document.querySelector("#detail-panel .detail-close");
      if (close) {
        event.preventDefault();
        close.click();
      }
    }
  }

  function start() {
    repair(document.getElementById("filters") || document);
    // Everything repaired lives in the filters: other mutations (a tab switch changes thousands of chart
    // nodes) are skipped, and the repairs search only there.
    new MutationObserver(function (records) {
      var filters = document.getElementById("filters");
      if (filters && !records.some(function (record) {
        return filters.contains(record.target) || record.target.contains(filters);
      })) { return; }
      repair(filters || document);
    }).observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["role", "aria-selected", "aria-hidden"]
    });
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", function () { interacted = true; }, true);
    // Whenever the field is reached (the app sets its value without a mutation the observer sees).
    document.addEventListener("focusin", function (event) {
      if (event.target.closest && event.target.closest(".share")) { absoluteLinks(document); }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
