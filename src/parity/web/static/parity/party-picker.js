// The relationship form's party boxes on a large map: as one types, the names of the parties
// that contain the letters are fetched (a few at a time) into the boxes' shared <datalist>.
// Without JavaScript the boxes still take a party's exact name.
(function () {
  "use strict";
  var list = document.getElementById("party-names");
  if (!list) { return; }
  var source = list.getAttribute("data-source");
  var timer = null;
  var asked = "";

  function show(names) {
    list.replaceChildren();
    names.forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });
  }

  function suggest(text) {
    if (text === asked) { return; }
    asked = text;
    fetch(source + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { names: [] }; })
      .then(function (data) { if (asked === text) { show(data.names || []); } })
      .catch(function () { /* no suggestions: the exact name still works */ });
  }

  document.querySelectorAll("input.party-picker").forEach(function (box) {
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { suggest(box.value.trim()); }, 150);
    });
    box.addEventListener("focus", function () { suggest(box.value.trim()); });
  });
})();
