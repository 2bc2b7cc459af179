/* Presentation mode in the browser: slide changes, keys and clicker buttons, full screen; printing. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  presentation: {
    // Ask the server for slides only when presenting (or leaving): other URL changes, such as a
    // drill-down pick, stay one request.
    wanted: function (search, hidden) {
      var on = typeof search === "string" && /[?&]present=1(&|$)/.test(search);
      return on || hidden === false ? search : window.dash_clientside.no_update;
    },
    /* The slide on screen. Clicks that arrive faster than Dash runs this callback are counted, not
       dropped: the store keeps the click counts already applied. The view's slides start at the first. */
    show: function (prevClicks, nextClicks, slides, state) {
      var count = (slides || []).length;
      var trigger = window.dash_clientside.callback_context.triggered_id || "";
      var last = state || {};
      var at = trigger === "present-slides" ? 0 : (last.at || 0);
      if (trigger !== "present-slides") {
        at += (nextClicks - (last.next || 0)) - (prevClicks - (last.prev || 0));
      }
      at = Math.max(0, Math.min(at, count - 1));
      var stored = { at: at, next: nextClicks, prev: prevClicks };
      if (!count) {
        return [stored, {}, "", {height: "100%"}];
      }
      // A phone slide is laid out in pixels at its own height (the stage scrolls); others fill the screen.
      var layout = slides[at].layout || {};
      var narrow = layout.meta && layout.meta.layout === "narrow" && layout.height;
      return [stored, slides[at], (at + 1) + " / " + count, {height: narrow ? layout.height + "px" : "100%"}];
    }
  }
});

(function () {
  function presenting() {
    var layer = document.getElementById("present-layer");
    return !!layer && !layer.hidden;
  }
  function press(id) {
    var button = document.getElementById(id);
    if (button) { button.click(); }
  }
  var KEYS = {
    ArrowRight: "present-next", PageDown: "present-next", " ": "present-next",
    ArrowLeft: "present-prev", PageUp: "present-prev",
    Escape: "present-exit"
  };
  document.addEventListener("keydown", function (event) {
    if (!presenting() || event.altKey || event.ctrlKey || event.metaKey || !KEYS[event.key]) { return; }
    event.preventDefault();
    press(KEYS[event.key]);
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest) { return; }
    if (event.target.closest("#present-open") && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
    if (event.target.closest("#present-exit") && document.fullscreenElement) {
      document.exitFullscreen().catch(function () {});
    }
  });
  /* Esc in full screen is taken by the browser: leaving full screen leaves the presentation too. */
  document.addEventListener("fullscreenchange", function () {
    if (!document.fullscreenElement && presenting()) { press("present-exit"); }
  });
  /* Charts are drawn at screen width: for printing, draw them as wide as the page (print.css:
     A4 landscape, 12 mm margins = 1031 CSS px), then give them back to the screen. */
  var PRINT_WIDTH = 1000;
  function printWidth(on) {
    if (!window.Plotly) { return; }
    // The view's charts: the other tabs' panes are not printed (nor drawn: style.css).
    document.querySelectorAll("#tab-content > .pane:not(.pane--hidden) .chart .js-plotly-plot").forEach(function (graph) {
      window.Plotly.relayout(graph, on ? { width: PRINT_WIDTH, autosize: false } : { width: null, autosize: true });
    });
  }
  window.addEventListener("beforeprint", function () { printWidth(true); });
  window.addEventListener("afterprint", function () { printWidth(false); });
})();
