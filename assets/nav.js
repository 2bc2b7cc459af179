/* The tab bar is a <nav> of real links (aria-current on the current tab; they open in a new browser tab,
   and work without scripts). In the app:
   - a plain click follows one without a page load, as dcc.Link does: push the URL, then tell Dash's
     Location component, which reads it and runs the view's callbacks;
   - whenever the URL changes (a tab, a breadcrumb or card link, Back), the mark moves to the tab the URL
     names, on the same elements, so keyboard focus stays where it was. An unknown tab shows the overview,
     as the server does. */
(function () {
  function mark() {
    var links = document.querySelectorAll("#react-entry-point nav a[data-nav]");
    if (!links.length) { return; }
    var wanted = "tab-" + (new URLSearchParams(window.location.search).get("tab") || "overview");
    var known = Array.prototype.some.call(links, function (a) { return a.id === wanted; });
    Array.prototype.forEach.call(links, function (a) {
      var current = a.id === (known ? wanted : "tab-overview");
      a.classList.toggle("tab--selected", current);
      if (current) { a.setAttribute("aria-current", "page"); } else { a.removeAttribute("aria-current"); }
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#react-entry-point a[data-nav]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey || link.target) { return; }
    var url = new URL(link.getAttribute("href"), window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== window.location.pathname) { return; }  // a page load
    event.preventDefault();
    if (url.search === window.location.search) { return; }
    if (window.dashboardRoute) {
      window.dashboardRoute.go(url.search);  // route.js: the tab switched in the click, or the URL sent on at once
      mark();
      return;
    }
    window.history.pushState({}, "", url.search);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
  });
  // dcc.Link and the Location component announce their URL changes with this event; Back with popstate.
  window.addEventListener("_dashprivate_pushstate", function () { window.setTimeout(mark, 0); });
  window.addEventListener("popstate", function () { window.setTimeout(mark, 0); });
})();
