// The map of a partner recommendation: schools as dots, each proposed link as a line from
// the leader to the supported school. Data comes from a json_script block (the CSP forbids
// inline scripts); the same links are listed beside the map.
(function () {
  "use strict";
  var COLORS = { leader: "#198754", supported: "#dc3545" };
  var LINKS = { proposed: "#0d6efd", accepted: "#198754", changed: "#198754", rejected: "#adb5bd" };

  function draw(el) {
    var source = document.getElementById(el.dataset.mapSource);
    var L = window.L;
    if (!source || !L) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var map = L.map(el, { attributionControl: Boolean(data.tiles), scrollWheelZoom: false });
    if (data.tiles) {
      L.tileLayer(data.tiles, { maxZoom: 18 }).addTo(map);
    }
    var byId = {};
    data.ids.forEach(function (id, i) { byId[id] = data.schools[i]; });
    data.links.forEach(function (link) {
      var a = byId[link.from];
      var b = byId[link.to];
      L.polyline([[a.lat, a.lon], [b.lat, b.lon]], {
        color: LINKS[link.decision] || LINKS.proposed,
        weight: 3,
        dashArray: link.decision === "rejected" ? "4 6" : null,
      }).bindTooltip(link.label).addTo(map);
    });
    var points = [];
    data.schools.forEach(function (s) {
      var marker = L.circleMarker([s.lat, s.lon], {
        radius: 7, color: "#ffffff", weight: 1.5, fillColor: COLORS[s.kind], fillOpacity: 0.95,
      });
      var link = document.createElement("a");
      link.href = s.url;
      link.textContent = s.name;
      marker.bindPopup(link).bindTooltip(s.name).addTo(map);
      points.push([s.lat, s.lon]);
    });
    map.fitBounds(points, { padding: [28, 28], maxZoom: 12 });
    L.control.scale({ imperial: false }).addTo(map);
    el.dataset.ready = "true";
  }

  document.querySelectorAll("[data-map-source]").forEach(draw);
})();
