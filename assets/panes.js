/* Keeps the other tabs ready. When the app goes live, and again whenever an answer has landed, this asks the
   server, when the page is idle, for the next empty tab pane (assets/route.js, mount; explore/callbacks.py
   answers), mounted out of sight at the page's width (.pane--hidden in style.css). A later tab switch then only
   shows that pane: no figures are sent and no chart is drawn. One pane at a time, never while a reader's request
   is on its way (route.js). A screen-size change unmounts the hidden panes; its answer brings them back.
   A reader who asked the browser to save data (navigator.connection.saveData) gets no pane before they
   ask for it: a switch then fetches its tab, and the five others' figures never cross a metered line. */
(function () {
  var idle = window.requestIdleCallback || function (fn) { return window.setTimeout(fn, 0); };

  function next() {
    if ((navigator.connection && navigator.connection.saveData) || !document.documentElement.classList.contains("live")) {
      return;
    }
    var empty = Array.prototype.filter.call(document.querySelectorAll("#tab-content > .pane"), function (pane) {
      return !pane.firstElementChild;
    })[0];
    if (empty) { window.dashboardRoute.mount(empty.getAttribute("data-tab")); }
  }
  function soon() { idle(next, { timeout: 3000 }); }

  // The app live (boot.js), an answer landed (route.js), the data saver turned off.
  ["dashboard:live", "dashboard:answered"].forEach(function (name) { window.addEventListener(name, soon); });
  if (navigator.connection && navigator.connection.addEventListener) { navigator.connection.addEventListener("change", soon); }
})();
