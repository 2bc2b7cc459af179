/* The tab bar is a <nav> of real links (aria-current on the current tab; they open in a new browser tab,
   and work without scripts). In the app, a plain click follows one without a page load, as dcc.Link
   does: push the URL, then tell Dash's Location component, which reads it and runs the view's callbacks. */
(function () {
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#react-entry-point a[data-nav]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey || link.target) { return; }
    event.preventDefault();
    if (link.getAttribute("href") !== window.location.search) {
      window.history.pushState({}, "", link.getAttribute("href"));
      window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    }
  });
})();
