/* Tab switches without a server round trip. Every URL change reaches the route callback (follow) first
   (dashboard/explore.py wires it). When the URL is exactly a tab's unfiltered view and that tab's pane is
   mounted showing that view, with the filters at rest and the table never opened, it applies what the
   server computed in advance for that switch (the switches store: the same sync_outputs the server runs)
   and shows the pane. Any other URL is passed on to the server's sync callback through the route store.
   Only values that differ from what the page shows are set: each one set costs the page a Dash update.
   An in-app link clicked (assets/nav.js calls go) does not wait for the route callback at all: from one
   bare tab to another, switchTo makes the same switch in the click; any other link's URL goes to the
   route store at once. The callback also asks presentation mode for slides when the URL wants them. */
(function () {
  function same(a, b) {
    return JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b);
  }

  function shows(state, expected) {
    if (!state || typeof state !== "object") { return false; }
    return Object.keys(expected).every(function (key) { return same(state[key], expected[key]); });
  }

  // What a direct switch needs, mirrored by the remember callback whenever it changes.
  var known = { switches: null, panes: null, tableClicks: null, sectors: null, topic: null, outputs: [] };

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
    var notice = document.getElementById("notice");
    if (!from || !to || from === to || !clientside.set_props ||
        document.querySelector('[data-dash-is-loading="true"]') || (notice && notice.textContent.trim()) ||
        !shows(known.panes && known.panes[from], switches[from].pane) ||
        !applicable(to, switches, known.panes, known.tableClicks, known.sectors, known.topic)) {
      return false;
    }
    push(search);
    var before = switches[from];
    var after = switches[to];
    after.outputs.forEach(function (value, i) {
      var out = known.outputs[i];
      if (out && !same(value, before.outputs[i])) {
        var props = {};
        props[out.property] = value;
        clientside.set_props(out.id, props);
      }
    });
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

  var forwarded = null;  // {search, at}: a URL go() passed straight to the server's sync callback

  /* An in-app link's URL (assets/nav.js): a switch made in the click when switchTo can; a URL that is not a
     tab's unfiltered view goes to the sync callback through the route store at once, as the route callback
     would pass it on; a tab's view from any other state is left to the route callback, which can still
     answer it in the browser (it compares with what the page shows). */
  function go(search) {
    if (switchTo(search)) { return; }
    push(search);
    if (window.dash_clientside.set_props && !tabOf(known.switches, search)) {
      forwarded = { search: search, at: Date.now() };
      window.dash_clientside.set_props("store-route", { data: forwarded });
      tellLocation();
    } else {
      window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    }
  }
  window.dashboardRoute = { go: go };

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    route: {
      // Keeps what switchTo needs; the switch outputs' ids come with the states.
      remember: function (switches, panes, tableClicks, sectors, topic) {
        var states = window.dash_clientside.callback_context.states_list || [];
        known = { switches: switches, panes: panes, tableClicks: tableClicks, sectors: sectors, topic: topic,
                  outputs: states };
      },

      follow: function (search, switches, panes, sectors, topic, tableClicks, stored, layerHidden) {
        var clientside = window.dash_clientside;
        var skip = clientside.no_update;
        var outputs = clientside.callback_context.outputs_list;
        var paneOutputs = outputs[outputs.length - 1];
        var count = outputs.length - 3;  // the switch outputs, between the route and presentation stores and the panes
        var current = Array.prototype.slice.call(arguments, 8, 8 + count);
        var classes = arguments[8 + count] || [];
        // Presentation mode's slides are asked for only when presenting (or leaving it).
        var present = clientside.presentation.wanted(search, layerHidden);
        var passedOn = forwarded && forwarded.search === search && Date.now() - forwarded.at < 10000;
        forwarded = null;
        var unchanged = current.map(function () { return skip; });
        var panesUnchanged = paneOutputs.map(function () { return skip; });
        if (passedOn || (stored && stored.query === search)) {
          // The page shows this view already: the URL was written by the server's answer (a pick, a filter),
          // or the page was built for it; or go() has passed it on already.
          return [skip, present].concat(unchanged, [panesUnchanged]);
        }
        var tab = tabOf(switches, search);
        var entry = tab && switches[tab];
        if (!entry || !applicable(tab, switches, panes, tableClicks, sectors, topic)) {
          // "at": a URL seen before (Back) must still reach the server as a change
          return [{search: search, at: Date.now()}, present].concat(unchanged, [panesUnchanged]);
        }
        return [skip, present].concat(
          entry.outputs.map(function (value, i) { return same(value, current[i]) ? skip : value; }),
          [paneOutputs.map(function (out, i) {
            var wanted = entry.classes[out.id.tab];
            return wanted === classes[i] ? skip : wanted;
          })]);
      },

      // A chart's click, passed on to the server's sync callback; charts of a pane being mounted also
      // "change" their (empty) clickData, which must not reach the server.
      click: function () {
        var triggered = window.dash_clientside.callback_context.triggered || [];
        var clicked = triggered.filter(function (t) { return t.value && t.value.points; });
        if (clicked.length !== 1) { return window.dash_clientside.no_update; }
        return { click: clicked[0].value, at: Date.now() };
      },

      // A URL the server's answer asks for (a pick, a filter: Back undoes it), pushed as dcc.Link does. The
      // route callback above then finds the page already showing it and leaves it alone.
      push: function (wanted) {
        if (wanted && typeof wanted.query === "string" && wanted.query !== window.location.search) {
          window.history.pushState({}, "", window.location.pathname + wanted.query + window.location.hash);
          window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
        }
        return window.dash_clientside.no_update;
      }
    }
  });
})();
