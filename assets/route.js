/* Tab switches without a server round trip. Every URL change reaches the route callback (follow) first
   (dashboard/explore/callbacks.py wires it). When the URL is exactly a tab's unfiltered view and that tab's
   pane is mounted showing that view, with the filters at rest and the table never opened, it applies what the
   server computed in advance for that switch (the switches store: the same sync_outputs the server runs)
   and shows the pane. Any other URL is passed on to the server's sync callback through the request store.
   Every value is matched by its name, "component-id.property", never by its position.
   Only values that differ from what the page shows are set: each one set costs the page a Dash update.
   A pick on a tab's unfiltered view (a card, a chart's mark, a detail panel link, Back) is answered the
   same way from that tab's picks (the server's tab_picks: the view with each of its figures picked, and
   each chart's highlight as a Patch), fetched once the tab is shown and the page is idle (load, called
   by assets/panes.js): it sets the outputs and chart highlights that differ from the pick shown now.
   An in-app link clicked (assets/nav.js calls go) does not wait for the route callback at all: from one
   bare tab to another, switchTo makes the same switch in the click, and pickTo a pick; any other link's
   URL goes to the request store at once. The callback also asks presentation mode for slides when the URL
   wants them. */
(function () {
  function same(a, b) {
    return JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b);
  }

  function shows(state, expected) {
    if (!state || typeof state !== "object") { return false; }
    return Object.keys(expected).every(function (key) { return same(state[key], expected[key]); });
  }

  // What a direct switch needs, mirrored by the remember callback whenever it changes.
  var known = { switches: null, panes: null, tableClicks: null, sectors: null, topic: null, view: null };

  function tabOf(switches, search) {
    return Object.keys(switches || {}).filter(function (name) { return switches[name].searches.indexOf(search) >= 0; })[0];
  }

  // Whether tab's switch entry can be applied as it is: the filters at rest, the table never opened, and the
  // tab's pane mounted showing the entry's view. The route callback and switchTo both ask this.
  function applicable(tab, switches, panes, tableClicks, sectors, topic) {
    return !tableClicks && !(sectors && sectors.length) && !topic && shows(panes && panes[tab], switches[tab].pane) &&
      !!document.querySelector('#tab-content > .pane[data-tab="' + CSS.escape(tab) + '"] > .view');
  }

  function push(search) {
    window.history.pushState({}, "", window.location.pathname + search + window.location.hash);
  }

  // A dependency's name, "component-id.property" (Dash writes "@<hash>" after the property of an output that
  // another callback sets too).
  function nameOf(dependency) {
    return dependency.id + "." + dependency.property.split("@")[0];
  }

  // Sets each switch output whose value differs between two entries (a switch's or a pick's) to the second's.
  function setChanged(from, to) {
    Object.keys(to.outputs).forEach(function (name) {
      var value = to.outputs[name];
      if (!same(value, from.outputs[name])) {
        var dot = name.lastIndexOf(".");
        var props = {};
        props[name.slice(dot + 1)] = value;
        window.dash_clientside.set_props(name.slice(0, dot), props);
        if (name === "store-view.data") { known.view = value; }  // a second click may come before remember runs
      }
    });
  }

  // A callback in flight, or a notice shown: the page is not in a state any stored answer assumes.
  function busy() {
    var notice = document.getElementById("notice");
    return Boolean(document.querySelector('[data-dash-is-loading="true"]') || (notice && notice.textContent.trim()));
  }

  // Picks: "tab|lang|period|screen" -> the tab's entries (tab_picks), or {failed: time} while none came.
  var picks = {};

  function picksKey(tab, view, screen) {
    return [tab, view.lang, view.period || "", screen].join("|");
  }

  function shownPicks() {
    var view = known.view;
    var entries = view && picks[picksKey(view.tab, view, window.dashboardScreen())];
    return Array.isArray(entries) ? entries : null;
  }

  /* A pick made without a server round trip: the page shows one entry of its tab's picks exactly (the
     filters at rest, no callback in flight, no notice), and search names another. Sets what differs
     between the two (the panel, breadcrumb, links, the view store, each chart's highlight patch) and the
     pane's state, then pushes the URL unless it is there already (Back). False otherwise: the server
     answers. */
  function pickTo(search, pushed) {
    var clientside = window.dash_clientside;
    var view = known.view;
    var entries = shownPicks();
    if (!entries || !clientside.set_props || busy() || (known.sectors && known.sectors.length) || known.topic) {
      return false;
    }
    var pane = known.panes && known.panes[view.tab];
    var from = entries.filter(function (e) { return e.searches.indexOf(view.query) >= 0 && shows(pane, e.pane); })[0];
    var to = entries.filter(function (e) { return e.searches.indexOf(search) >= 0; })[0];
    if (!from || !to || from === to) { return false; }
    if (!pushed) { push(search); }
    setChanged(from, to);
    Object.keys(to.charts).forEach(function (chart) {
      if (!same(to.charts[chart], from.charts[chart])) {
        clientside.set_props({ type: "chart", chart: chart, tab: view.tab }, { figure: to.charts[chart] });
      }
    });
    var panes = Object.assign({}, known.panes);
    panes[view.tab] = to.pane;
    known.panes = panes;
    clientside.set_props("store-panes", { data: panes });
    if (!pushed) { tellLocation(); }
    return true;
  }

  // The URL that picks figure fid on the shown tab's unfiltered view, if its picks are here.
  function pickSearch(fid) {
    var entry = (shownPicks() || []).filter(function (e) { return e.pane.indicator === fid; })[0];
    return entry ? entry.searches[0] : null;
  }

  /* Fetches the picks of the shown tab, else of a mounted tab without them; true if it asked for one
     (assets/panes.js calls this when the page is idle, before and between mounting panes). */
  function load() {
    var view = known.view, screen = window.dashboardScreen();
    if (!view) { return false; }
    var tabs = [view.tab].concat(Object.keys(known.panes || {}));
    var tab = tabs.filter(function (name) {
      var got = picks[picksKey(name, view, screen)];
      return !got || (got.failed && Date.now() - got.failed > 10000);
    })[0];
    if (!tab) { return false; }
    var key = picksKey(tab, view, screen);
    picks[key] = { failed: Date.now() };  // asked: not again while on its way
    var config = document.getElementById("_dash-config");
    var prefix = (config && JSON.parse(config.textContent).requests_pathname_prefix) || "/";
    var query = new URLSearchParams({ tab: tab, lang: view.lang });
    if (view.period) { query.set("period", view.period); }
    window.fetch(prefix + "picks/" + screen + ".json?" + query.toString(), { credentials: "same-origin" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (entries) { picks[key] = entries; })
      .catch(function () { picks[key] = { failed: Date.now() }; });
    return true;
  }

  /* A switch made in the click itself, with no Dash callback: from one tab's unfiltered view to another's,
     when the page shows the first exactly as its switch entry left it (no callback running, filters at
     rest, table never opened, no notice). The outputs that differ between the two entries are set with
     set_props, then the Location component is told of the new URL once the frame is drawn; the route
     callback then finds the page already showing it. False if the page is in any other state: the click
     goes the callback way. */
  function switchTo(search) {
    var clientside = window.dash_clientside;
    var switches = known.switches;
    var from = tabOf(switches, window.location.search);
    var to = tabOf(switches, search);
    if (!from || !to || from === to || !clientside.set_props || busy() ||
        !shows(known.panes && known.panes[from], switches[from].pane) ||
        !applicable(to, switches, known.panes, known.tableClicks, known.sectors, known.topic)) {
      return false;
    }
    push(search);
    var after = switches[to];
    setChanged(switches[from], after);
    [from, to].forEach(function (tab) {
      clientside.set_props({ type: "pane", tab: tab }, { className: after.classes[tab] });
    });
    tellLocation();
    return true;
  }

  // The Location component hears of a URL pushed here once the frame is drawn: its callbacks are not on the
  // way to the screen. The route callback then finds the page showing that URL, or the URL already passed on.
  function tellLocation() {
    window.requestAnimationFrame(function () {
      window.setTimeout(function () { window.dispatchEvent(new CustomEvent("_dashprivate_pushstate")); }, 0);
    });
  }

  /* One request to sync at a time: Dash applies every answer that arrives, so an answer to an older event (two
     quick unticks of a filter, Back then Forward) landing after a newer one would show, and push, the older
     view. A request made meanwhile waits for that answer (push): the reader's newest, after a relayout (kept
     apart: neither replaces the other); a mount is dropped (panes.js asks again). On its way: while Dash says so,
     and from its hand-over (Dash says so a moment later) until it lands or 1 s. Each has "at" and the screen. */
  var waiting = null, relayout = false, handed = 0, answering = false;
  function ask(request) {
    var busy = Date.now() - handed < 1000 || Boolean(document.querySelector('#detail-panel[data-dash-is-loading="true"]'));
    // A mount is for later: never sent while a reader's request is on its way (until its answer lands), where
    // it would take that request's place (Dash keeps the last); dropped, panes.js asks again.
    if (request.mount && answering) { return window.dash_clientside.no_update; }
    if (request.relayout) { relayout = relayout || busy; } else if (!request.mount) { waiting = busy ? request : null; }
    return busy ? window.dash_clientside.no_update : stamped(request);
  }
  function stamped(request) {
    handed = Date.now();
    answering = answering || !request.mount;
    return Object.assign({}, request, { at: handed, screen: window.dashboardScreen() });
  }

  // A request made outside a callback (screen.js's relayout, panes.js's mount), the same way.
  function send(request) {
    var asked = window.dash_clientside.set_props ? ask(request) : window.dash_clientside.no_update;
    if (asked !== window.dash_clientside.no_update) { window.dash_clientside.set_props("store-request", { data: asked }); }
  }

  var forwarded = null;  // {search, at}: a URL go() passed straight to the server's sync callback
  // The URL a sync answer pushed: the page shows it, or a newer request's answer is on its way. Passing it
  // back to the server would answer an old URL and cancel that newer request (Dash keeps the last one).
  var answered = null;

  /* An in-app link's URL (assets/nav.js): a switch made in the click when switchTo can; a URL that is not a
     tab's unfiltered view goes to the sync callback through the request store at once, as the route callback
     would pass it on; a tab's view from any other state is left to the route callback, which can still
     answer it in the browser (it compares with what the page shows). */
  function go(search) {
    if (switchTo(search) || pickTo(search)) { return; }
    push(search);
    if (window.dash_clientside.set_props && !tabOf(known.switches, search)) {
      forwarded = { search: search, at: Date.now() };
      send(forwarded);
      tellLocation();
    } else {
      window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    }
  }
  // loaded: the tabs whose picks are here ("tab|lang|period|screen"), for a look from outside.
  function loaded() {
    return Object.keys(picks).filter(function (key) { return Array.isArray(picks[key]); });
  }
  window.dashboardRoute = { go: go, load: load, loaded: loaded, ask: ask, send: send };

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    route: {
      // Keeps what switchTo and pickTo need.
      remember: function (switches, panes, tableClicks, sectors, topic, view) {
        known = { switches: switches, panes: panes, tableClicks: tableClicks, sectors: sectors, topic: topic, view: view };
      },

      follow: function (search, switches, panes, sectors, topic, tableClicks, stored, layerHidden) {
        var clientside = window.dash_clientside;
        var skip = clientside.no_update;
        var context = clientside.callback_context;
        // What the page shows now (the states): each value by its name, each pane's class by its tab.
        var current = {};
        var classes = {};
        context.states_list.forEach(function (state) {
          if (Array.isArray(state)) {
            state.forEach(function (pane) { classes[pane.id.tab] = pane.value; });
          } else {
            current[nameOf(state)] = state.value;
          }
        });
        // The answer in the outputs' order, each output's value found by its name (left as it is if values has
        // none), the panes' classes (the one pattern output) by tab from paneClasses, if given.
        function answer(values, paneClasses) {
          return context.outputs_list.map(function (out) {
            if (Array.isArray(out)) {
              return out.map(function (pane) {
                var wanted = paneClasses ? paneClasses[pane.id.tab] : classes[pane.id.tab];
                return wanted === classes[pane.id.tab] ? skip : wanted;
              });
            }
            var name = nameOf(out);
            return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : skip;
          });
        }
        // Presentation mode's slides are asked for only when presenting (or leaving it).
        var values = { "present-request.data": clientside.presentation.wanted(search, layerHidden) };
        var passedOn = forwarded && forwarded.search === search && Date.now() - forwarded.at < 10000;
        var ours = answered === search;
        forwarded = null;
        answered = null;
        if (passedOn || ours || (stored && stored.query === search)) {
          // The page shows this view already: the URL was written by the server's answer (a pick, a filter),
          // or the page was built for it; or go() has passed it on already.
          return answer(values, null);
        }
        if (pickTo(search, true)) {  // Back or Forward between picks of the shown tab
          return answer(values, null);
        }
        var tab = tabOf(switches, search);
        var entry = tab && switches[tab];
        if (!entry || !applicable(tab, switches, panes, tableClicks, sectors, topic)) {
          values["store-request.data"] = ask({ search: search });  // "at": Back reaches the server as a change
          return answer(values, null);
        }
        Object.keys(entry.outputs).forEach(function (name) {
          if (!same(entry.outputs[name], current[name])) { values[name] = entry.outputs[name]; }
        });
        return answer(values, entry.classes);
      },

      // A chart's click: a pick made here when the shown tab's picks have it (as its link would), else
      // passed on to the server's sync callback; charts of a pane being mounted also "change" their
      // (empty) clickData, which must not reach the server.
      click: function () {
        var triggered = window.dash_clientside.callback_context.triggered || [];
        var clicked = triggered.filter(function (t) { return t.value && t.value.points; });
        if (clicked.length !== 1) { return window.dash_clientside.no_update; }
        var point = clicked[0].value.points[0];
        var search = point && typeof point.customdata === "string" ? pickSearch(point.customdata) : null;
        if (search && search !== window.location.search && pickTo(search)) { return window.dash_clientside.no_update; }
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

      // Every sync answer lands here: the URL it asks for (a pick, a filter: Back undoes it) is pushed as
      // dcc.Link does (the route callback above then finds the page already showing it), unless a newer
      // request waited for this answer: that one goes out now (after a relayout that waited).
      push: function (wanted) {
        var newer = waiting, next = relayout ? { relayout: true } : waiting;
        if (!relayout) { waiting = null; }
        relayout = false;
        handed = 0;
        answering = false;
        if (next) { window.dash_clientside.set_props("store-request", { data: stamped(next) }); }
        if (!newer && wanted && typeof wanted.query === "string" && wanted.query !== window.location.search) {
          window.history.pushState({}, "", window.location.pathname + wanted.query + window.location.hash);
          answered = wanted.query;
          window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
        }
      }
    }
  });
})();
