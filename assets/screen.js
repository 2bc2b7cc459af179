/* Phone or wider: the server lays charts out for the window's width (the narrow layout of
   dashboard/figures/layout.py below 700 px, the width of style.css's phone rules).
   - A cookie tells the layout request: this script runs before Dash asks for the layout, so a phone's
     first paint already has phone charts.
   - When the window crosses the width (a phone turned, a window resized), the screen store changes
     and the charts of the view are drawn again in the other layout.
   - Without cookies, the first callback round corrects the store (screen.fit). */
(function () {
  var query = window.matchMedia("(max-width: 700px)");
  function current() { return query.matches ? "narrow" : "wide"; }
  function remember() { document.cookie = "screen=" + current() + "; path=/; SameSite=Lax; max-age=31536000"; }
  function changed() {
    remember();
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props("store-screen", {data: current()});
    }
  }
  remember();
  if (query.addEventListener) { query.addEventListener("change", changed); } else { query.addListener(changed); }
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    screen: {
      fit: function (_pathname, stored) {
        return stored === current() ? window.dash_clientside.no_update : current();
      }
    }
  });
})();
