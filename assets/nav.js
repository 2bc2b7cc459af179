/* The tab bar is a <nav> of real links (aria-current on the current tab; they open in a new browser tab,
   and work without scripts). In the app a plain click on a data-nav link (a tab, a breadcrumb, a card, a
   panel's link) follows it without a page load, as dcc.Link does: route.js shows it, or pushes the URL and
   tells Dash's Location component. The tab's mark moves with the view's other values (route.js, sync), on
   the links themselves, so keyboard focus stays where it was. */
(function () {
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#react-entry-point a[data-nav]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey || link.target) { return; }
    var url = new URL(link.getAttribute("href"), window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== window.location.pathname) { return; }  // a page load
    event.preventDefault();
    if (url.search !== window.location.search) { window.dashboardRoute.go(url.search); }  // route.js
  });
  /* 分享 in the detail panel: the figure's own link, through the phone's share sheet where the browser has
     one (Web Share API), else copied. 复制链接 in the toolbar: the link field's address, copied. Each button
     says when it is copied. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".detail-share, .copy-link");
    if (!button) { return; }
    var field = button.classList.contains("copy-link") && document.getElementById("view-link");  // copied only
    var url = new URL(field ? field.value : button.getAttribute("data-share-href"), window.location.href).href;
    var label = button.textContent;
    function copied() {
      button.textContent = button.getAttribute("data-copied");
      window.setTimeout(function () { button.textContent = label; }, 1500);
    }
    if (navigator.share && !field) {
      navigator.share({ title: button.getAttribute("data-share-title") || document.title, url: url })
        .catch(function () {});  // the reader closed the share sheet
    } else if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(copied, function () {});
    }
  });
})();
