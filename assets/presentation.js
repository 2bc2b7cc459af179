/* Presentation mode in the browser: slide changes, keys and clicker buttons, full screen; printing. */
/* The view's slides (the server's answer, kept here) and the one on screen. A move is made in the click or
   key itself, so clicks that come faster than Dash draws are each counted. */
var presentDeck = { slides: [], at: 0 };

/* Slide at (kept within the deck) as the graph's figure, the counter's text and the graph's style. */
function presentSlide(at) {
  var slides = presentDeck.slides;
  presentDeck.at = Math.max(0, Math.min(at, slides.length - 1));
  if (!slides.length) { return [{}, "", { height: "100%" }]; }
  slideInAddress(presentDeck.at + 1);
  // A phone slide is laid out in pixels at its own height (the stage scrolls); others fill the screen.
  var layout = slides[presentDeck.at].layout || {};
  var narrow = layout.meta && layout.meta.layout === "narrow" && layout.height;
  return [slides[presentDeck.at], (presentDeck.at + 1) + " / " + slides.length,
          { height: narrow ? layout.height + "px" : "100%" }];
}

function presenting() {
  var layer = document.getElementById("present-layer");
  return !!layer && !layer.hidden;
}
function presentAsked(search) { return /[?&]present=1(&|$)/.test(search); }  // the address presents

/* Every address the page moves to (assets/route.js; the first is the app's first round): the server is asked
   for slides only when it presents (or leaves): other moves, such as a drill-down pick, stay one request. The
   screen says a slide's layout. */
var layerWatched = false;
function presentFollow(search) {
  var layer = document.getElementById("present-layer");
  if (layer && !layerWatched) {
    layerWatched = true;
    new MutationObserver(layerChanged).observe(layer, { attributes: true, attributeFilter: ["hidden"] });
  }
  if (presentAsked(search) || presenting()) {
    window.dash_clientside.set_props("present-request", { data: { search: search, screen: window.dashboardScreen() } });
  }
}

/* The address without the parameters that match dropped, then with added; the rest as it was written. */
function addressWith(dropped, added) {
  var parts = window.location.search.slice(1).split("&").filter(function (part) { return part && !dropped.test(part); });
  return "?" + parts.concat(added).join("&");
}
function presentAddress(on) { return addressWith(/^(present|slide)(=|$)/, on ? ["present=1"] : []); }

window.dash_clientside = Object.assign({}, window.dash_clientside, {
  presentation: {
    // A view's slides start at the one the address names (slide=N), else the first.
    start: function (slides) {
      presentDeck.slides = slides || [];
      var named = /[?&]slide=(\d+)(&|$)/.exec(window.location.search);
      return presentSlide(named ? parseInt(named[1], 10) - 1 : 0);
    }
  }
});

/* present=1&slide=N: the slide on screen is in the address, without a history entry per slide. */
function slideInAddress(number) {
  var address = addressWith(/^slide(=|$)/, ["slide=" + number]);
  if (!presentAsked(address) || address === window.location.search) { return; }
  window.history.replaceState(window.history.state, "", window.location.pathname + address + window.location.hash);
}

/* The layer takes focus as it opens, and the page behind it is inert (Tab stays in the layer) until it closes. */
function layerChanged() {
  var layer = document.getElementById("present-layer"), open = !layer.hidden, active = document.activeElement;
  Array.prototype.forEach.call(layer.parentElement.children, function (element) {
    if (element !== layer) { element.inert = open; }
  });
  var target = open ? document.getElementById("present-next")
    : (!active || active === document.body || layer.contains(active)) && document.getElementById("present-open");
  if (target) { target.focus(open ? { preventScroll: true } : undefined); }
}

(function () {
  function press(id) {
    var button = document.getElementById(id);
    if (button) { button.click(); }
  }
  var KEYS = {
    ArrowRight: "present-next", PageDown: "present-next", " ": "present-next",
    ArrowLeft: "present-prev", PageUp: "present-prev",
    Escape: "present-exit"
  };
  var typed = "";  // digits typed for "number, then Enter"
  function go(at) {
    var set = window.dash_clientside.set_props;
    if (!presentDeck.slides.length || !set) { return; }
    var shown = presentSlide(at);
    set("present-graph", { figure: shown[0], style: shown[2] });
    set("present-counter", { children: shown[1] });
  }
  document.addEventListener("keydown", function (event) {
    if (!presenting() || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (/^[0-9]$/.test(event.key)) {
      typed = (typed + event.key).slice(-3);
      event.preventDefault();
      return;
    }
    if (event.key === "Enter" && typed) {
      event.preventDefault();
      go(parseInt(typed, 10) - 1);
      typed = "";
      return;
    }
    typed = "";
    if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      go(event.key === "Home" ? 0 : presentDeck.slides.length - 1);
      return;
    }
    if (event.key === "Tab") { wake(); }
    if (!KEYS[event.key]) { return; }
    event.preventDefault();
    press(KEYS[event.key]);
  });
  /* The controls are for the presenter: hidden from the audience until the pointer moves (or Tab). */
  var sleeping = null;
  function wake() {
    var layer = document.getElementById("present-layer");
    if (!layer) { return; }
    layer.classList.add("present-awake");
    window.clearTimeout(sleeping);
    sleeping = window.setTimeout(function () { layer.classList.remove("present-awake"); }, 2500);
  }
  ["mousemove", "pointerdown", "touchstart"].forEach(function (kind) {
    document.addEventListener(kind, function () { if (presenting()) { wake(); } }, { passive: true });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest) { return; }
    if (event.target.closest("#present-next")) { go(presentDeck.at + 1); }
    if (event.target.closest("#present-prev")) { go(presentDeck.at - 1); }
    if (event.target.closest("#present-open")) {
      window.dashboardRoute.go(presentAddress(true));
      if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen().catch(function () {}); }
    }
    if (event.target.closest("#present-exit")) {
      window.dashboardRoute.go(presentAddress(false));
      if (document.fullscreenElement) { document.exitFullscreen().catch(function () {}); }
    }
  });
  /* Esc in full screen is taken by the browser: leaving full screen leaves the presentation too. */
  document.addEventListener("fullscreenchange", function () {
    if (!document.fullscreenElement && presenting()) { press("present-exit"); }
  });
  /* Charts are drawn at screen width: for printing, draw them as wide as the page (print.css: A4 upright,
     12 mm margins = 702 CSS px) at their own height, then give them back to the screen. Print media applies
     before "beforeprint" in some paths (a PDF made by a headless browser never sends it): both are watched. */
  var PRINT_WIDTH = 700;
  var printing = false;
  function printWidth(on) {
    if (on === printing) { return; }
    printing = on;
    if (on) { printFooter(); }
    if (!window.Plotly) { return; }
    // The view's charts: the other tabs' panes are not printed (nor drawn: style.css).
    document.querySelectorAll("#tab-content > .pane:not(.pane--hidden) .chart .js-plotly-plot").forEach(function (graph) {
      var height = (graph.layout && graph.layout.height) || (graph._fullLayout && graph._fullLayout.height);
      window.Plotly.relayout(graph, on ? { width: PRINT_WIDTH, height: height, autosize: false }
                                       : { width: null, height: height, autosize: true });
    });
  }
  /* The footer names the sources of the view on screen (the page may have moved on from the one it loaded). */
  function printFooter() {
    var view = document.querySelector("#tab-content > .pane:not(.pane--hidden) .view[data-print-footer]");
    var style = document.getElementById("print-footer");
    if (view && style) { style.textContent = view.getAttribute("data-print-footer"); }
  }
  window.addEventListener("beforeprint", function () { printWidth(true); });
  window.addEventListener("afterprint", function () { printWidth(false); });
  var printMedia = window.matchMedia && window.matchMedia("print");
  if (printMedia && printMedia.addEventListener) {
    printMedia.addEventListener("change", function (event) { printWidth(event.matches); });
  }
})();
