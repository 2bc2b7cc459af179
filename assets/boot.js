/* The page arrives server-rendered (dashboard/firstpaint.py): every number and chart is readable before any
   script runs. This small script brings in the interactive app when the reader first reaches for it:
   - on the first pointer, key, touch, wheel or scroll event (or at once for presentation mode, which
     only the app can show), it loads Dash's scripts in their order and starts the renderer;
   - the app renders out of sight (html:not(.live) in style.css) in the same boxes; when its cards and
     charts are drawn, one frame swaps it in for the first paint, keeping the scroll position and the
     keyboard focus (the element with the same link), so nothing moves.
   Measured (bench/README.md): loading at once costs a phone seconds of blocked main thread before the
   reader can scroll; loading on first interaction costs nothing until then. */
(function () {
  var root = document.documentElement;
  var list = document.getElementById("dash-scripts");
  var started = false;
  // data-boot (dashboard/app.py, DASHBOARD_BOOT, for the benchmarks): "load" runs Dash at once;
  // "interaction" fetches its scripts only on the reader's first move (no fetch ahead).
  var variant = document.currentScript && document.currentScript.getAttribute("data-boot");
  var atOnce = variant === "load";
  var events = ["pointerdown", "pointermove", "keydown", "touchstart", "wheel", "scroll", "focusin"];

  /* Phone or wider: the server lays charts out for the window's width (the narrow layout of
     dashboard/figures/layout.py below 700 px, the width of style.css's phone rules). The screen cookie tells the
     layout's request: written as the app starts, before that request, so a phone's first visit gets phone
     charts. Every request to sync says the window's screen (route.js asks dashboardScreen). When the window
     crosses the width (a phone turned, a window resized), a relayout is asked for; and as the app goes live, if
     it crossed it after the layout was asked for. */
  var screenQuery = window.matchMedia("(max-width: 700px)");
  function screen() { return screenQuery.matches ? "narrow" : "wide"; }
  function rememberScreen() { document.cookie = "screen=" + screen() + "; path=/; SameSite=Lax; max-age=31536000"; }
  function screenChanged() {
    rememberScreen();
    if (window.dashboardRoute) { window.dashboardRoute.send({ relayout: true }); }
  }
  // Safari before 14 has only the older addListener: without it this script would stop here.
  if (screenQuery.addEventListener) { screenQuery.addEventListener("change", screenChanged); } else { screenQuery.addListener(screenChanged); }
  window.dashboardScreen = screen;

  var laidOut = null;  // the screen the layout was asked for
  function start() {
    if (started) { return; }
    started = true;
    events.forEach(function (name) { window.removeEventListener(name, start, true); });
    root.classList.add("booting");
    rememberScreen();
    laidOut = screen();
    // Dash's scripts, as its index would have written them: files (fetched in parallel, run in order),
    // then its inline ones (clientside callbacks, the renderer), allowed by the page's CSP hashes.
    var tags = Array.prototype.slice.call(list.content.querySelectorAll("script"));
    var files = tags.filter(function (tag) { return tag.src; });
    preloadAhead(files);
    var inline = tags.filter(function (tag) { return !tag.src; });
    var remaining = files.length;
    files.forEach(function (tag) {
      var script = document.createElement("script");
      script.src = tag.getAttribute("src");
      script.async = false;  // dynamically added scripts run in insertion order only with async off
      script.onload = script.onerror = function () {
        remaining -= 1;
        if (remaining === 0) { run(inline); }
      };
      document.body.appendChild(script);
    });
  }

  function preload(href, as) {
    var link = document.createElement("link");
    link.rel = "preload";
    link.as = as;
    if (as === "fetch") { link.crossOrigin = "anonymous"; }  // as the renderer's fetch: same-origin credentials
    link.href = href;
    document.head.appendChild(link);
  }

  // What the renderer would ask for only after its scripts have run, asked for now, with the scripts:
  // - the layout and the callbacks' list (the renderer's own requests then take these responses);
  // - dcc's graph and dropdown code, separate chunks that dcc loads once the layout renders them.
  function preloadAhead(files) {
    // plotly.js first: the largest file, and the longest to run, so the others arrive while it runs.
    files.filter(function (tag) { return /\/plotly[^/]*\.min\.js/.test(tag.getAttribute("src")); })
      .forEach(function (tag) { preload(tag.getAttribute("src"), "script"); });
    var config = document.getElementById("_dash-config");
    var prefix = (config && JSON.parse(config.textContent).requests_pathname_prefix) || "/";
    preload(prefix + "_dash-layout", "fetch");
    preload(prefix + "_dash-dependencies", "fetch");
    var dcc = files.filter(function (tag) { return /\/dcc\/dash_core_components\.[^/]*\.js/.test(tag.getAttribute("src")); })[0];
    if (!dcc) { return; }
    var base = dcc.getAttribute("src").replace(/[^/]*$/, "");
    ["async-graph.js", "async-dropdown.js"].forEach(function (chunk) { preload(base + chunk, "script"); });
  }

  function run(inline) {
    inline.forEach(function (tag) {
      var script = document.createElement("script");
      script.textContent = tag.textContent;
      document.body.appendChild(script);
    });
    var entry = document.getElementById("react-entry-point");
    var deadline = Date.now() + 15000;
    function drawn() {
      var view = entry.querySelector("#tab-content > .pane:not(.pane--hidden) .view");
      if (!view) { return false; }
      var cells = view.querySelectorAll(".chart-cell");
      for (var i = 0; i < cells.length; i += 1) {
        if (!cells[i].querySelector(".main-svg")) { return false; }
      }
      return true;
    }
    function check() {
      if (drawn() || Date.now() > deadline) { swap(); } else { window.requestAnimationFrame(check); }
    }
    window.requestAnimationFrame(check);
  }

  function swap() {
    var first = document.getElementById("first-paint");
    var focused = document.activeElement;
    var href = focused && first && first.contains(focused) ? focused.getAttribute("href") : null;
    var x = window.scrollX, y = window.scrollY;
    root.classList.add("live");
    root.classList.remove("booting");
    window.dispatchEvent(new Event("dashboard:live"));  // route.js starts mounting the other tabs
    if (laidOut !== screen()) { screenChanged(); }  // the window crossed the width after the layout was asked for
    if (first) { first.remove(); }
    window.scrollTo(x, y);
    if (href) {
      var twin = document.querySelector('#react-entry-point a[href="' + href.replace(/"/g, '\\"') + '"]');
      if (twin) { twin.focus({preventScroll: true}); }
    }
  }

  /* Once the page has loaded and the browser is idle, Dash's script files are fetched at low priority into
     the HTTP cache (they are fingerprinted and cached for a year: server.compress), but not run: running
     them is what blocks a phone's main thread. The reader's first move then runs them without waiting for
     the network (on a phone's 4G, seconds). Not before: fetched with the page, they share its bandwidth
     and its largest paint comes later (Lighthouse's phone LCP 1.2 s -> 2.8 s, measured). Not for a reader
     who asked the browser to save data: they get the scripts only when they reach for the app. */
  function fetchAhead() {
    if (started || variant === "interaction" || (navigator.connection && navigator.connection.saveData)) { return; }
    Array.prototype.forEach.call(list.content.querySelectorAll("script[src]"), function (tag) {
      window.fetch(tag.getAttribute("src"), { mode: "no-cors", credentials: "same-origin", priority: "low" })
        .catch(function () { /* the script tag asks again */ });
    });
  }

  if (!list) { return; }
  if (atOnce || /[?&]present=1(&|$)/.test(window.location.search)) { start(); return; }
  events.forEach(function (name) { window.addEventListener(name, start, {capture: true, passive: true}); });
  // A second after the load event, then when idle: past the page's largest paint, even on a slow phone.
  window.addEventListener("load", function () {
    window.setTimeout(function () {
      if (window.requestIdleCallback) { window.requestIdleCallback(fetchAhead, { timeout: 2000 }); }
      else { fetchAhead(); }
    }, 1000);
  });
})();
