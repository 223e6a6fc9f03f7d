/* The interactive network map: Cytoscape.js (vendor/cytoscape.min.js) draws the nodes and edges
   given in the page's "network-data" JSON, at the same positions as the static SVG. Without
   JavaScript, or if the library fails to load, the page keeps the static SVG and the tables. */
(function () {
  "use strict";

  function start() {
    var source = document.getElementById("network-data");
    var box = document.getElementById("network-map");
    if (!source || !box || typeof window.cytoscape !== "function") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var status = document.getElementById("network-selection");
    box.hidden = false;
    var cy = window.cytoscape({
      container: box,
      elements: { nodes: data.nodes, edges: data.edges },
      layout: { name: "preset", fit: true, padding: 40 },
      wheelSensitivity: 0.3,
      style: [
        {
          selector: "node",
          style: {
            "background-color": "#0072B2",
            "border-color": "#1b1f24",
            "border-width": 1.5,
            "label": "data(label)",
            "font-size": 12,
            "color": "#1b1f24",
            "text-outline-color": "#ffffff",
            "text-outline-width": 3,
            "text-valign": "top",
            "text-margin-y": -4,
            "width": 18,
            "height": 18
          }
        },
        {
          selector: "node[kind = 'external']",
          style: { "shape": "rectangle", "background-color": "#E69F00" }
        },
        {
          selector: "edge",
          style: {
            "line-color": "data(colour)",
            "width": "data(width)",
            "curve-style": "straight",
            "line-style": "solid"
          }
        },
        {
          selector: ":selected",
          style: { "overlay-color": "#1b1f24", "overlay-opacity": 0.15, "overlay-padding": 4 }
        }
      ]
    });
    cy.edges().forEach(function (edge) {
      var dash = edge.data("dash");
      if (dash && dash.length) {
        edge.style({ "line-style": "dashed", "line-dash-pattern": dash });
      }
    });
    cy.on("tap", "node, edge", function (event) {
      if (status) {
        status.textContent = event.target.data("detail");
      }
    });
    cy.on("tap", function (event) {
      if (event.target === cy && status) {
        status.textContent = "";
      }
    });
    var section = box.closest(".network-section");
    if (section) {
      section.classList.add("interactive");
    }
    var hint = document.getElementById("network-hint");
    if (hint) {
      hint.hidden = false;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
