// The page that waits for a report the background worker draws: it asks the server every few
// seconds whether the file is there (a status request, no file sent) and, once it is, starts
// the download and says so. Without JavaScript, the page's "Look again" link does the same by
// hand; the page never reloads by itself, so nothing moves under a reader's eyes. Its words
// come from the page (data-ready, data-again), translated there like the rest of it.
(function () {
  "use strict";
  var box = document.getElementById("prepared-report");
  if (!box) { return; }
  var file = box.getAttribute("data-file");
  var every = 1000 * Number(box.getAttribute("data-every") || "2");
  var status = document.getElementById("prepared-status");

  function ready() {
    status.textContent = box.getAttribute("data-ready");
    var again = document.getElementById("prepared-again");
    again.textContent = box.getAttribute("data-again");
    window.location.assign(file);
  }

  function look() {
    fetch(file + "?status=1", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 200) { ready(); return; }
        if (response.status === 202) { window.setTimeout(look, every); return; }
        window.location.reload();  // the server's page says what went wrong
      })
      .catch(function () { window.setTimeout(look, every); });
  }

  window.setTimeout(look, every);
})();
