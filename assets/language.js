/* The 中文/EN switch: a link to the current view in the other language (the view store has its query). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  language: {
    switchHref: function (stored) {
      var params = new URLSearchParams(((stored && stored.query) || "").replace(/^\?/, ""));
      if (params.get("lang") === "en") { params.delete("lang"); } else { params.set("lang", "en"); }
      return window.location.pathname + "?" + params.toString();
    }
  }
});
