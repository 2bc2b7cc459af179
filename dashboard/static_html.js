/* dashboard/static_html.py's component: one element holding markup the server made from autoescaped
   templates (never from a callback's input). Served by Dash as the dashboard package's component suite. */
(function (React) {
  var ELEMENTS = { div: true, section: true, ul: true, nav: true };

  function StaticHtml(props) {
    var attributes = { id: props.id, className: props.className, role: props.role,
                       dangerouslySetInnerHTML: { __html: props.html || "" } };
    Object.keys(props).forEach(function (name) {
      if (name.indexOf("aria-") === 0) { attributes[name] = props[name]; }
    });
    return React.createElement(ELEMENTS[props.element] ? props.element : "div", attributes);
  }

  window.dashboard = Object.assign({}, window.dashboard, { StaticHtml: StaticHtml });
})(window.React);
