// Share of voice: each brand's mentions per week, one line each, drawn with Chart.js.
(function () {
  "use strict";
  var source = document.getElementById("share-data");
  if (typeof Chart === "undefined" || !source) { return; }
  var data = JSON.parse(source.textContent);
  var colours = ["#2f6fed", "#1f8a4c", "#b7791f", "#c53030", "#6b46c1", "#2c7a7b", "#9aa4b2", "#d53f8c", "#4a5568", "#dd6b20"];
  new Chart(document.getElementById("share-chart"), {
    type: "line",
    data: {
      labels: data.weeks,
      datasets: data.brands.map(function (brand, index) {
        var colour = colours[index % colours.length];
        return { label: brand.name, data: brand.weekly, borderColor: colour, backgroundColor: colour };
      })
    },
    options: { responsive: true, maintainAspectRatio: false, animation: false,
               scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
