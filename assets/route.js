/* The page's one router. A tab's pane holds its facts (dashboard/explore/facts.py, data-facts): for its view and
   each figure it shows, the URLs that name it, every region's value ("component-id.property"), the pick's
   marks and the tab bar's. A URL that a mounted pane's facts name (a tab's view, a pick on it: a card, a chart's mark, a panel's
   link, Back) is shown here, in the click: the regions that differ are set, that pane is shown, its charts'
   marks are drawn from their own shapes. Any other URL, a filter's new value and a click the facts do not name
   go to the server's sync callback through the request store (explore/callbacks.py). The address is the
   browser's own: pushed here, followed here on Back and Forward (no Location component). */
(function () {
  function same(a, b) {
    return JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b);
  }

  // What a move needs from the page's state, kept by the remember callback.
  var known = { panes: null, tableClicks: null, sectors: null, topic: null, view: null };

  var parsed = {};  // a tab -> its pane's facts, parsed once per text (a pane rendered anew may keep its element)
  function factsOf(tab) {
    var view = document.querySelector('#tab-content > .pane[data-tab="' + CSS.escape(tab) + '"] > .view[data-facts]');
    var text = view && view.getAttribute("data-facts");
    if (!text) { return null; }
    if (!parsed[tab] || parsed[tab].text !== text) { parsed[tab] = { text: text, facts: JSON.parse(text) }; }
    return parsed[tab].facts;
  }

  // The pane of search's tab, if mounted and its facts name search: {tab, facts, pick}, or null.
  function find(search) {
    var tab = new URLSearchParams(search).get("tab") || "overview", facts = factsOf(tab);
    var pick = facts && facts.picks.filter(function (p) { return p.searches.indexOf(search) >= 0; })[0];
    return pick ? { tab: tab, facts: facts, pick: pick } : null;
  }

  // Sets one value named "component-id.property" (a pattern id as its JSON).
  function setNamed(name, value) {
    var dot = name.lastIndexOf("."), id = name.slice(0, dot), props = {};
    props[name.slice(dot + 1)] = value;
    window.dash_clientside.set_props(id.charAt(0) === "{" ? JSON.parse(id) : id, props);
  }

  // A request to sync on its way (its answer would land over what is shown here), or a notice shown: the page
  // is not in a state the facts assume.
  function busy() {
    var notice = document.getElementById("notice");
    return Boolean(pending || (notice && notice.textContent.trim()));
  }

  var drawn = new WeakMap();  // a chart -> the marks last asked of it here (its drawing may not have caught up)

  /* Draws pick's marks on every chart of tab's pane, from each chart's own named shapes (the rule of
     figures/marks.py, highlight_updates, with its LOOK): a Patch of its shapes alone, for a chart whose marks
     change. */
  function mark(tab, facts, pick) {
    var clientside = window.dash_clientside, look = facts.look;
    var cells = document.querySelectorAll('#tab-content > .pane[data-tab="' + CSS.escape(tab) + '"] .chart-cell');
    Array.prototype.forEach.call(cells, function (cell) {
      var graph = cell.querySelector(".js-plotly-plot");
      var shapes = graph && graph.layout && graph.layout.shapes;
      if (!shapes) { return; }
      var ground = graph.layout.plot_bgcolor || "white";
      var now = [], wanted = shapes.map(function (shape) {
        var name = shape.name || "", colon = name.indexOf(":"), role = name.slice(0, colon), fid = name.slice(colon + 1);
        if (colon < 0 || !fid) { now.push(null); return null; }
        var dimmed = pick.topic !== null && facts.topics[fid] !== pick.topic;
        if (role === "mark") {
          var kind = look[fid === pick.selected ? "selected" : dimmed ? "dimmed" : "rest"];
          now.push([shape.opacity, shape.fillcolor, shape.line && shape.line.width]);
          return [kind[0], kind[1] === null ? ground : kind[1], kind[2]];
        }
        now.push([shape.opacity, role === "tile" ? shape.line : null]);
        return [dimmed ? look.dim : 1.0, role === "tile" ? { color: look.ink, width: fid === pick.selected ? look.outline : 0 } : null];
      });
      var key = JSON.stringify(wanted);
      if (key === JSON.stringify(now) && (!drawn.has(graph) || drawn.get(graph) === key)) { return; }
      drawn.set(graph, key);
      var patch = new clientside.Patch();
      wanted.forEach(function (values, j) {
        if (!values) { return; }
        var at = ["layout", "shapes", j];
        patch.assign(at.concat("opacity"), values[0]);
        if (values.length === 3) {
          patch.assign(at.concat("fillcolor"), values[1]);
          patch.assign(at.concat("line", "width"), values[2]);
        } else if (values[1]) {
          patch.assign(at.concat("line"), values[1]);
        }
      });
      clientside.set_props({ type: "chart", chart: cell.getAttribute("data-chart"), tab: tab }, { figure: patch.build() });
    });
  }

  /* Shows search without a request when a mounted pane's facts name it, the filters show its scope, the page is
     at rest and (for another tab) the table was never opened: sets each region whose value differs from the
     pick the page shows, shows that pane, draws its marks, and pushes the URL unless it is there already (Back).
     False otherwise: the server answers. */
  function show(search, pushed) {
    var clientside = window.dash_clientside, view = known.view;
    var target = view && clientside.set_props && !busy() ? find(search) : null;
    var to = target && target.pick;
    if (!to || !same(to.pane.sectors, known.sectors || []) || (to.pane.topic || null) !== (known.topic || null) ||
        (target.tab !== view.tab && known.tableClicks)) {
      return false;
    }
    var current = factsOf(view.tab);
    var from = (current && current.picks.filter(function (p) { return p.searches.indexOf(view.query) >= 0; })[0]) || { outputs: {} };
    if (from === to) { return false; }
    if (!pushed) { push(search); }
    // The pick's values and its pane's tab marks, against what the page shows.
    var wanted = Object.assign({}, target.facts.tabs, to.outputs), had = Object.assign({}, current && current.tabs, from.outputs);
    Object.keys(wanted).forEach(function (name) {
      if (!same(wanted[name], had[name])) { setNamed(name, wanted[name]); }
    });
    known.view = to.outputs["store-view.data"];  // a second click may come before remember runs
    if (target.tab !== view.tab) {
      clientside.set_props({ type: "pane", tab: view.tab }, { className: target.facts.classes[1] });
      clientside.set_props({ type: "pane", tab: target.tab }, { className: target.facts.classes[0] });
    }
    if (target.tab === view.tab && window.dashboardScreen() === "narrow") {
      // A pick on a phone: the frame that answers the tap shows the panel, which covers the charts; their marks
      // follow in the next one (each patched chart costs Plotly a layout). Elsewhere the marks are in sight
      // beside the panel, and a pane shown with another pick's marks would flash: they come in the same frame.
      afterPaint(function () { mark(target.tab, target.facts, to); });
    } else {
      mark(target.tab, target.facts, to);
    }
    known.panes = Object.assign({}, known.panes);
    known.panes[target.tab] = to.pane;
    clientside.set_props("store-panes", { data: known.panes });
    return true;
  }

  function afterPaint(fn) {
    window.requestAnimationFrame(function () { window.setTimeout(fn, 0); });
  }

  var here = window.location.search;  // the address the page shows, pushed here or followed
  function push(search) {
    here = search;
    window.history.pushState({}, "", window.location.pathname + search + window.location.hash);
  }

  /* A request to sync leaves at once. When a newer one leaves, Dash drops the answer to the one still on its way
     (dash-renderer: a callback's newer request replaces the one it watches), so the answer that lands is the
     newest request's. "pending" is that request until its answer lands; a pick or a switch meanwhile goes to
     sync too, so that answer cannot land over it. A relayout (the screen changed) leaves only when no request
     is on its way, and again after a newer request replaced it. A mount has its own store and callback: it
     never replaces a reader's request; one is on its way at a time. Each request is numbered (a repeated one
     is a change) and says its screen. */
  var count = 0, pending = null, relayoutDue = false, mounting = null;
  function ask(request) {
    if (request.relayout) {
      relayoutDue = true;
      if (pending) { return window.dash_clientside.no_update; }
    }
    count += 1;
    pending = Object.assign({}, request, { n: count, screen: window.dashboardScreen() });
    return pending;
  }

  // A request made outside a callback (a link, Back, the first round, boot.js's relayout), the same way.
  function send(request) {
    var asked = window.dash_clientside.set_props ? ask(request) : window.dash_clientside.no_update;
    if (asked !== window.dash_clientside.no_update) { window.dash_clientside.set_props("store-request", { data: asked }); }
  }

  /* The other tabs kept ready: when the app goes live (boot.js) and after each answer, the next empty pane is
     asked for when the page is idle, on its own store, never while another or a reader's request is on its way;
     it is mounted out of sight (.pane--hidden), so a later switch only shows it. A screen change unmounts the
     hidden panes; its answer brings them back. A reader who asked the browser to save data gets a tab's figures
     only when they ask for that tab. */
  function mountNext() {
    var live = document.documentElement.classList.contains("live"), empty = Array.prototype.filter.call(
      document.querySelectorAll("#tab-content > .pane"), function (pane) { return !pane.firstElementChild; })[0];
    if (!live || !empty || mounting || pending || (navigator.connection && navigator.connection.saveData)) { return; }
    mounting = empty.getAttribute("data-tab");
    count += 1;
    window.dash_clientside.set_props("store-mount", { data: { mount: mounting, n: count, screen: window.dashboardScreen() } });
  }
  function mountSoon() {
    if (window.requestIdleCallback) { window.requestIdleCallback(mountNext, { timeout: 3000 }); } else { window.setTimeout(mountNext, 0); }
  }
  window.addEventListener("dashboard:live", mountSoon);
  if (navigator.connection && navigator.connection.addEventListener) { navigator.connection.addEventListener("change", mountSoon); }

  /* A move to search: an in-app link's (assets/nav.js), presentation mode's (presentation.js), or Back and
     Forward's (followed: the browser is there already). Shown here when the facts name it, else pushed (unless
     followed) and asked of sync; nothing when the page is there (a fragment link; leaving full screen presses
     Leave a second time). */
  function go(search, followed) {
    if (search === here) { return; }
    if (followed) { here = search; }
    window.presentFollow(search);
    if (show(search, followed)) { return; }
    if (!followed) { push(search); }
    send({ search: search });
  }
  function follow(search) { go(search, true); }
  window.addEventListener("popstate", function () { window.dashboardRoute.follow(window.location.search); });
  window.dashboardRoute = { go: go, follow: follow, send: send };

  var loaded = false;

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    route: {
      /* Keeps what show needs. Its first call is the app's first round of callbacks: an address that presents
         asks for its slides then, and one that is not the view's own (a value the view ignored: sync names it in
         the notice) is asked of sync; the bare address names the default view and nothing to ignore. */
      remember: function (panes, tableClicks, sectors, topic, view) {
        known = { panes: panes, tableClicks: tableClicks, sectors: sectors, topic: topic, view: view };
        if (loaded) { return; }
        loaded = true;
        window.presentFollow(here);
        if (here && (!view || view.query !== here)) { send({ search: here }); }
      },

      // A chart's click: shown here when the facts of the shown pane name its figure (as its link would be),
      // else passed on to sync; charts of a pane being mounted also "change" their (empty) clickData, which
      // must not reach the server.
      click: function () {
        var triggered = window.dash_clientside.callback_context.triggered || [];
        var clicked = triggered.filter(function (t) { return t.value && t.value.points; });
        if (clicked.length !== 1) { return window.dash_clientside.no_update; }
        var point = clicked[0].value.points[0], facts = known.view && factsOf(known.view.tab);
        var pick = facts && point && facts.picks.filter(function (p) { return p.selected === point.customdata; })[0];
        if (pick && pick.searches[0] !== window.location.search && show(pick.searches[0])) {
          return window.dash_clientside.no_update;
        }
        return ask({ click: clicked[0].value });
      },

      // A filter's new value reaches sync through the request store too, unless it is the view's already (an
      // answer set it).
      filter: function (sectors, topic, stored) {
        var view = stored || {};
        if (JSON.stringify(sectors || []) !== JSON.stringify(view.sectors || [])) {
          return ask({ sector: sectors || [] });
        }
        return (topic || null) !== (view.topic || null) ? ask({ topic: topic || null })
          : window.dash_clientside.no_update;
      },

      /* Every answer lands here: a mount's (set unless that pane was filled meanwhile or the screen changed; its
         panes store entry added to the store as it is now), or the newest request's. Each value is set by its
         name; the URL it asks for (a pick, a filter: Back undoes it) is pushed; a relayout that was held back
         goes out now. */
      answer: function (answer) {
        if (!answer || typeof answer.set !== "object") { return; }
        if (answer.mount !== undefined) {
          mounting = null;
          if (factsOf(String(answer.mount)) || answer.screen !== window.dashboardScreen()) {  // stale
            mountSoon();
            return;
          }
        } else {
          if (pending && pending.relayout) { relayoutDue = false; }
          pending = null;
        }
        Object.keys(answer.set).forEach(function (name) {
          var value = answer.set[name];
          if (name === "store-panes.data") {  // a mount's entry joins the store as it is now
            value = known.panes = answer.mount !== undefined ? Object.assign({}, known.panes, value) : value;
          }
          setNamed(name, value);
        });
        if (relayoutDue && !pending) { send({ relayout: true }); }
        mountSoon();
        if (typeof answer.query === "string" && answer.query !== window.location.search) { push(answer.query); }
      }
    }
  });
})();
