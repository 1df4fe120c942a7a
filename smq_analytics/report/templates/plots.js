// Draws every plot of a report once plotly.js (inlined just before) is loaded. Each plot's JSON sits in
// a <script type="application/json" data-plot="<div id>"> beside its div.
// Print redraws the plots PRINT_WIDTH px wide whatever the screen, and the viewBox set after each
// drawing lets them shrink to the width of the page (report.css, @media print).
(function () {
  var PRINT_WIDTH = 900;
  var plots = [];
  function fit(plot) {
    var svgs = plot.querySelectorAll('svg.main-svg');
    for (var j = 0; j < svgs.length; j++) {
      svgs[j].setAttribute('viewBox', '0 0 ' + svgs[j].getAttribute('width') + ' ' + svgs[j].getAttribute('height'));
    }
  }
  function redraw(width) {
    plots.forEach(function (plot) { Plotly.relayout(plot, {width: width}); fit(plot); });
  }
  var specs = document.querySelectorAll('script[data-plot]');
  for (var i = 0; i < specs.length; i++) {
    var spec = JSON.parse(specs[i].textContent);
    Plotly.newPlot(specs[i].getAttribute('data-plot'), spec.data, spec.layout, spec.config).then(function (plot) {
      plots.push(plot);
      fit(plot);
      plot.on('plotly_afterplot', function () { fit(plot); });
    });
  }
  window.addEventListener('beforeprint', function () { redraw(PRINT_WIDTH); });
  window.addEventListener('afterprint', function () { redraw(null); });
})();
