/* Accessibility repairs of Dash 4 components that axe-core flags (WCAG 2.2 AA), applied as they render:
   - a Checklist is a role=listbox of role=option labels that each hold a real checkbox (nested
     interactive controls, a listbox without a name): the roles go, the native checkboxes and their
     labels remain, grouped and named by the filter's label;
   - a Dropdown takes focus on an input hidden from assistive technology (aria-hidden on a focusable
     element): it stays focusable, is no longer hidden, and is named by the filter's label and value. */
(function () {
  function repair(root) {
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
  }
  function start() {
    repair(document);
    new MutationObserver(function () { repair(document); }).observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["role", "aria-selected", "aria-hidden"]
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
