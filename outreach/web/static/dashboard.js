// Dashboard charts, drawn with Chart.js from the numbers the page embeds.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var colours = { blue: "#2f6fed", green: "#1f8a4c", amber: "#b7791f", red: "#c53030", grey: "#9aa4b2" };
  var common = { responsive: true, maintainAspectRatio: false, animation: false };

  new Chart(document.getElementById("funnel-chart"), {
    type: "bar",
    data: {
      labels: data.funnel.labels,
      datasets: [
        { label: "Reached", data: data.funnel.reached, backgroundColor: colours.blue },
        { label: "Now", data: data.funnel.current, backgroundColor: colours.grey }
      ]
    },
    options: Object.assign({ indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }, common)
  });

  new Chart(document.getElementById("activity-chart"), {
    type: "line",
    data: {
      labels: data.activity.labels,
      datasets: [
        { label: "Pitches", data: data.activity.pitches, borderColor: colours.blue, backgroundColor: colours.blue },
        { label: "Follow-ups", data: data.activity.follow_ups, borderColor: colours.grey, backgroundColor: colours.grey },
        { label: "Replies", data: data.activity.replies, borderColor: colours.green, backgroundColor: colours.green },
        { label: "Wins", data: data.activity.wins, borderColor: colours.amber, backgroundColor: colours.amber }
      ]
    },
    options: Object.assign({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }, common)
  });

  new Chart(document.getElementById("ages-chart"), {
    type: "bar",
    data: {
      labels: data.stageAges.labels,
      datasets: [{ label: "Median days", data: data.stageAges.days, backgroundColor: colours.amber }]
    },
    options: Object.assign({ scales: { y: { beginAtZero: true } } }, common)
  });
})();
