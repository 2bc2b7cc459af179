/* Tab switches without a server round trip. Every URL change reaches this clientside callback first
   (dashboard/explore.py wires it). When the URL is exactly a tab's unfiltered view and that tab's pane is
   mounted showing that view, with the filters at rest and the table never opened, it applies what the
   server computed in advance for that switch (the switches store: the same sync_outputs the server runs)
   and shows the pane. Any other URL is passed on to the server's sync callback through the route store.
   Only values that differ from what the page shows are set: each one set costs the page a Dash update. */
(function () {
  function same(a, b) {
    return JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b);
  }

  function shows(state, expected) {
    if (!state || typeof state !== "object") { return false; }
    return Object.keys(expected).every(function (key) { return same(state[key], expected[key]); });
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    route: {
      follow: function (search, switches, panes, sectors, topic, tableClicks, stored) {
        var clientside = window.dash_clientside;
        var skip = clientside.no_update;
        var outputs = clientside.callback_context.outputs_list;
        var paneOutputs = outputs[outputs.length - 1];
        var count = outputs.length - 2;  // the switch outputs, between the route store and the panes
        var current = Array.prototype.slice.call(arguments, 7, 7 + count);
        var classes = arguments[7 + count] || [];
        var unchanged = current.map(function () { return skip; });
        var panesUnchanged = paneOutputs.map(function () { return skip; });
        if (stored && stored.query === search) {
          // The page shows this view already: the URL was written by the server's answer (a pick, a filter),
          // or the page was built for it.
          return [skip].concat(unchanged, [panesUnchanged]);
        }
        var tab = Object.keys(switches || {}).filter(function (name) { return switches[name].searches.indexOf(search) >= 0; })[0];
        var entry = tab && switches[tab];
        if (!entry || tableClicks || (sectors && sectors.length) || topic || !shows(panes && panes[tab], entry.pane) ||
            !document.querySelector('#tab-content > .pane[data-tab="' + CSS.escape(tab) + '"] > .view')) {
          // "at": a URL seen before (Back) must still reach the server as a change
          return [{search: search, at: Date.now()}].concat(unchanged, [panesUnchanged]);
        }
        return [skip].concat(
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
