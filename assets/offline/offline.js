/* The "reconnecting" page: reload as soon as the server's beat answers. */
(function () {
  "use strict";
  function check() {
    fetch("/_kiosk/beat", { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        location.reload();
      })
      .catch(function () {
        setTimeout(check, 2000 + Math.random() * 2000);
      });
  }
  setTimeout(check, 1000 + Math.random() * 1000);
})();
