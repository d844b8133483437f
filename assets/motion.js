/*
 * Content that moves by itself: tile pages and lines taking turns.
 */
(function () {
  "use strict";

  // ---- tile pages: rotate slowly, by the wall clock so re-renders keep the page ----
  function rotateTilePages() {
    document.querySelectorAll(".tile-grid").forEach(function (grid) {
      var pages = grid.querySelectorAll(".tile-page");
      if (pages.length < 2) return;
      var seconds = Number(grid.getAttribute("data-page-seconds")) || 15;
      var index = Math.floor(Date.now() / 1000 / seconds) % pages.length;
      pages.forEach(function (page, i) {
        page.classList.toggle("active", i === index);
      });
      grid.querySelectorAll(".tile-dot").forEach(function (dot, i) {
        dot.classList.toggle("active", i === index);
      });
    });
  }
  setInterval(rotateTilePages, 1000);

  // ---- lines taking turns (today's briefing headlines on the home screen) ----
  function rotateLines() {
    document.querySelectorAll("[data-rotate-seconds]").forEach(function (box) {
      var lines = box.querySelectorAll(".rotating");
      if (lines.length < 2) return;
      var seconds = Number(box.getAttribute("data-rotate-seconds")) || 6;
      var index = Math.floor(Date.now() / 1000 / seconds) % lines.length;
      lines.forEach(function (line, i) {
        line.classList.toggle("active", i === index);
      });
    });
  }
  setInterval(rotateLines, 1000);
})();
