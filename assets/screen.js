/* Phone or wider: the server lays charts out for the window's width (the narrow layout of
   dashboard/figures/layout.py below 700 px, the width of style.css's phone rules). Every request to sync
   says the window's screen (route.js asks dashboardScreen); a cookie tells the other requests (the layout's).
   When the window crosses the width (a phone turned, a window resized), a relayout is asked for. On load, if
   the cookie that the layout request carried (boot.js sent it before this ran; none on a first visit) named
   another screen than the window's, the first callback round asks for a relayout (screen.fit). */
(function () {
  var query = window.matchMedia("(max-width: 700px)");
  function current() { return query.matches ? "narrow" : "wide"; }
  function remember() { document.cookie = "screen=" + current() + "; path=/; SameSite=Lax; max-age=31536000"; }
  var used = /(?:^|;\s*)screen=narrow(?:;|$)/.test(document.cookie) ? "narrow" : "wide";  // as the server reads it
  remember();
  function changed() { remember(); window.dashboardRoute.send({ relayout: true }); }
  if (query.addEventListener) { query.addEventListener("change", changed); } else { query.addListener(changed); }
  window.dashboardScreen = current;
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    screen: {
      fit: function () {
        return used === current() ? window.dash_clientside.no_update : window.dashboardRoute.ask({ relayout: true });
      }
    }
  });
})();
