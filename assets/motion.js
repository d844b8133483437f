/*
 * Content that moves by itself: tile pages, headlines and notices taking turns.
 *
 * A box that takes turns carries data-motion (its name) and holds its parts
 * as [data-motion-item] (one has the class "active"); buttons with
 * data-motion-go ("prev", "next" or a part's index) bring up a part, and
 * [data-motion-status] (a polite live region) says which one a button
 * brought up. Tile pages turn every data-page-seconds, headlines every
 * data-rotate-seconds, by the wall clock (so a re-render keeps the page);
 * notices scroll by CSS.
 *
 * Motion is still while the root has mode-paused, mode-voice or
 * mode-contrast, or the system asks for reduced motion: then nothing turns by
 * itself, <html> has the class "motion-still" (assets/motion.css shows every
 * part reachable: large page buttons, every headline, one whole notice at a
 * time with previous/next), and only the visitor's buttons change the part.
 */
(function () {
  "use strict";

  var STILL_MODES = ["mode-paused", "mode-voice", "mode-contrast"];
  var reduced = window.matchMedia
    ? window.matchMedia("(prefers-reduced-motion: reduce)")
    : null;
  // the visitor's choice per box: {index, since}; since is null while still,
  // else the time turning resumed from that part
  var chosen = {};
  var wasStill = null;

  function isStill() {
    var root = document.getElementById("kiosk-root");
    var held =
      root &&
      STILL_MODES.some(function (name) {
        return root.classList.contains(name);
      });
    return Boolean(held || (reduced && reduced.matches));
  }

  function items(box) {
    return Array.prototype.slice.call(box.querySelectorAll("[data-motion-item]"));
  }

  function seconds(box) {
    return (
      Number(box.getAttribute("data-page-seconds")) ||
      Number(box.getAttribute("data-rotate-seconds")) ||
      0
    );
  }

  function shownIndex(parts) {
    for (var i = 0; i < parts.length; i += 1) {
      if (parts[i].classList.contains("active")) return i;
    }
    return 0;
  }

  // the part a box shows now
  function wanted(box, parts, still, now) {
    var name = box.getAttribute("data-motion");
    var choice = chosen[name];
    var period = seconds(box);
    if (still || !period) return choice ? choice.index % parts.length : shownIndex(parts);
    if (choice && choice.since !== null) {
      var turns = Math.floor((now - choice.since) / 1000 / period);
      return (choice.index + turns) % parts.length;
    }
    return Math.floor(now / 1000 / period) % parts.length;
  }

  // classes are only touched when they change (observers see real changes)
  function setClass(element, name, on) {
    if (element.classList.contains(name) !== on) element.classList.toggle(name, on);
  }
  function setAttr(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  function show(box, index) {
    var parts = items(box);
    parts.forEach(function (part, i) {
      setClass(part, "active", i === index);
    });
    box.querySelectorAll("[data-motion-go]").forEach(function (button) {
      var go = button.getAttribute("data-motion-go");
      if (go === "prev" || go === "next") return;
      var current = Number(go) === index;
      setClass(button, "active", current);
      setAttr(button, "aria-current", current ? "true" : "false");
    });
    var count = box.querySelector("[data-motion-count]");
    if (count) {
      var text = index + 1 + "/" + parts.length;
      if (count.textContent !== text) count.textContent = text;
    }
  }

  function say(box, index) {
    var status = box.querySelector("[data-motion-status]");
    var part = items(box)[index];
    if (!status || !part) return;
    var button = box.querySelector('[data-motion-go="' + index + '"]');
    var words =
      part.getAttribute("data-motion-label") ||
      (button && button.getAttribute("aria-label")) ||
      "";
    if (box.getAttribute("data-motion-say") === "text") {
      words += " " + part.textContent;
    }
    status.textContent = words;
  }

  function tick() {
    var still = isStill();
    var now = Date.now();
    document.documentElement.classList.toggle("motion-still", still);
    document.querySelectorAll("[data-motion]").forEach(function (box) {
      var parts = items(box);
      if (parts.length < 2) return;
      var name = box.getAttribute("data-motion");
      if (still && wasStill === false) {
        // hold what is shown when motion stops
        chosen[name] = { index: shownIndex(parts), since: null };
      } else if (!still && chosen[name] && chosen[name].since === null) {
        // turning resumes from the part shown, for a whole period
        chosen[name].since = now;
      }
      show(box, wanted(box, parts, still, now));
    });
    wasStill = still;
    window.kioskMotion.lastTick = now;
  }

  function step(button) {
    var box = button.closest("[data-motion]");
    if (!box) return;
    var parts = items(box);
    if (!parts.length) return;
    var go = button.getAttribute("data-motion-go");
    var current = shownIndex(parts);
    var index =
      go === "next"
        ? (current + 1) % parts.length
        : go === "prev"
        ? (current + parts.length - 1) % parts.length
        : Number(go) % parts.length;
    chosen[box.getAttribute("data-motion")] = {
      index: index,
      since: isStill() ? null : Date.now(),
    };
    show(box, index);
    say(box, index);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-motion-go]");
    if (button) step(button);
  });

  // what tests read: when the last turn was worked out
  window.kioskMotion = { lastTick: 0 };

  // a mode switched on or off, or the system setting changed: at once
  function watchRoot() {
    var root = document.getElementById("kiosk-root");
    if (!root) {
      setTimeout(watchRoot, 200);
      return;
    }
    new MutationObserver(tick).observe(root, {
      attributes: true,
      attributeFilter: ["class"],
    });
    tick();
  }
  watchRoot();
  if (reduced) {
    if (reduced.addEventListener) reduced.addEventListener("change", tick);
    else if (reduced.addListener) reduced.addListener(tick);
  }
  setInterval(tick, 1000);
})();
