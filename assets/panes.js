/* Keeps the other tabs ready. Once the app is live and the page is idle, this asks the server for each
   tab's pane in turn (assets/route.js, mount; explore/callbacks.py answers), mounted out of sight at
   the page's width (.pane--hidden in style.css). A later tab switch then only shows that pane: no figures
   are sent and no chart is drawn. One pane at a time, only while no callback is running. A screen-size change
   unmounts the hidden panes; they come back.
   A reader who asked the browser to save data (navigator.connection.saveData) gets no pane before they
   ask for it: a switch then fetches its tab, and the five others' figures never cross a metered line. */
(function () {
  var idle = window.requestIdleCallback || function (fn) { return window.setTimeout(fn, 50); };

  function later(ms) {
    window.setTimeout(function () { idle(next, { timeout: 3000 }); }, ms);
  }

  function savingData() {
    return Boolean(navigator.connection && navigator.connection.saveData);
  }

  function next() {
    var clientside = window.dash_clientside;
    if (savingData()) { return later(5000); }  // asked again: the setting can change while the page is open
    if (!document.documentElement.classList.contains("live") || !clientside || !clientside.set_props ||
        document.querySelector('[data-dash-is-loading="true"]')) {
      return later(500);
    }
    var empty = Array.prototype.filter.call(document.querySelectorAll("#tab-content > .pane"), function (pane) {
      return !pane.firstElementChild;
    });
    if (!empty.length) { return later(2000); }  // all mounted; a screen change may unmount some again
    window.dashboardRoute.mount(empty[0].getAttribute("data-tab"));  // one on its way at a time
    later(300);
  }

  later(1000);
})();
