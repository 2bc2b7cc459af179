// bench/mounted_app.py: a tab switch shows one mounted panel and hides the others, in the browser.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  bench: {
    showTab: function (tab) {
      const panels = Array.from(document.querySelectorAll('#tab-content > .panel')).map(p => p.id.slice('panel-'.length));
      return panels.map(id => id === tab ? 'panel' : 'panel panel-hidden');
    },
  },
});
