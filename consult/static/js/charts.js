/* Draw every chart of the page from its JSON data block with plotly.js (served by the app).
   Pages work without this: each chart has a data table beside it. */
(function () {
  "use strict";
  if (!window.Plotly) { return; }
  var blocks = document.querySelectorAll("script.chart-data");
  Array.prototype.forEach.call(blocks, function (block) {
    var figure;
    try { figure = JSON.parse(block.textContent); } catch (e) { return; }
    var target = document.createElement("div");
    target.className = "chart";
    block.parentNode.insertBefore(target, block);
    window.Plotly.newPlot(target, figure.data, figure.layout, {
      displaylogo: false, displayModeBar: false, responsive: true
    });
  });
})();
