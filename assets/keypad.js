/*
 * Moving without a pointer: a USB numeric keypad (or a keyboard) moves the
 * focus, presses, goes back and home; every screen change puts the focus on
 * the screen's heading; a re-rendered page never leaves the focus on <body>.
 *
 * The key map comes from config.yaml (voice.keys, by KeyboardEvent.code) in
 * the screen settings. What is said about each move is voice.js's job: this
 * file tells it through window.kioskVoice when voice guidance is on.
 */
(function () {
  "use strict";

  var FOCUSABLE = 'button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';
  var follow = { settings: null, view: null, lang: null, access: {} };
  var visited = []; // the screens visited before this one, for "back"
  var lastFocusId = null; // the id of the control that last had the focus
  var awaitingScreen = null; // "view lang" asked for: its heading gets the focus

  function keyMap() {
    var voice = (follow.settings && follow.settings.voice) || {};
    var byCode = {};
    Object.keys(voice.keys || {}).forEach(function (action) {
      voice.keys[action].forEach(function (code) {
        byCode[code] = action;
      });
    });
    return byCode;
  }

  function shown(el) {
    if (!el.getClientRects().length) return false;
    return getComputedStyle(el).visibility !== "hidden";
  }

  // where the focus may go: inside an open dialog, else anywhere on the kiosk
  function scope() {
    var dialog = document.querySelector("#kiosk-root [role=alertdialog]:not([hidden])");
    return dialog || document.getElementById("kiosk-root") || document.body;
  }

  function focusables() {
    return Array.from(scope().querySelectorAll(FOCUSABLE)).filter(shown);
  }

  function focusOn(el, quiet) {
    if (!el) return;
    if (quiet && window.kioskVoice) window.kioskVoice.quietNext(el);
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  // the next or previous control in reading order (wrapping around)
  function step(by) {
    var list = focusables();
    if (!list.length) return;
    var current = document.activeElement;
    var at = list.indexOf(current);
    if (at < 0 && current && current !== document.body) {
      // from a heading: the controls that follow it in reading order
      var after = list.findIndex(function (el) {
        return current.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
      at = after < 0 ? list.length : after;
      at = by > 0 ? at - 1 : at;
    }
    var next = at < 0 ? (by > 0 ? 0 : list.length - 1) : (at + by + list.length) % list.length;
    focusOn(list[next]);
  }

  // the nearest control above or below (the letter pad is a grid)
  function stepVertically(down) {
    var current = document.activeElement;
    var list = focusables();
    if (!current || list.indexOf(current) < 0) return step(down ? 1 : -1);
    var from = current.getBoundingClientRect();
    var fromX = from.left + from.width / 2;
    var best = null;
    list.forEach(function (el) {
      if (el === current) return;
      var r = el.getBoundingClientRect();
      var dy = down ? r.top - from.bottom : from.top - r.bottom;
      if (dy < -1) return; // not below (above)
      var dx = Math.abs(r.left + r.width / 2 - fromX);
      var score = Math.max(dy, 0) + 2 * dx;
      if (!best || score < best.score) best = { el: el, score: score };
    });
    if (best) focusOn(best.el);
    else step(down ? 1 : -1);
  }

  function homeView() {
    return window.kioskPage.screens().views[0];
  }

  function setView(view) {
    window.dash_clientside.set_props("kiosk-view", { data: view });
  }

  function goBack() {
    var home = homeView();
    if (follow.view === home) return false;
    setView(visited.length ? visited[visited.length - 1] : home);
    return true;
  }

  function goHome() {
    var home = homeView();
    if (follow.view === home) return false;
    setView(home);
    return true;
  }

  function toggleVoice() {
    var next = Object.assign({}, follow.access || {});
    next.voice = !next.voice;
    window.dash_clientside.set_props("kiosk-access", { data: next });
  }

  var ACTIONS = {
    up: function () {
      stepVertically(false);
    },
    down: function () {
      stepVertically(true);
    },
    left: function () {
      step(-1);
    },
    right: function () {
      step(1);
    },
    select: function () {
      var el = document.activeElement;
      if (el && el !== document.body && el.matches(FOCUSABLE)) el.click();
    },
    back: goBack,
    home: goHome,
    voice: toggleVoice,
    help: function () {
      if (!(follow.access || {}).voice) toggleVoice();
      else if (window.kioskVoice) window.kioskVoice.help();
    },
    volume_up: function () {
      if (window.kioskVoice) window.kioskVoice.volume(1);
    },
    volume_down: function () {
      if (window.kioskVoice) window.kioskVoice.volume(-1);
    },
    rate_up: function () {
      if (window.kioskVoice) window.kioskVoice.rate(1);
    },
    rate_down: function () {
      if (window.kioskVoice) window.kioskVoice.rate(-1);
    },
  };

  document.addEventListener(
    "keydown",
    function (event) {
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      var action = keyMap()[event.code];
      if (!action || !ACTIONS[action]) return;
      event.preventDefault(); // no native click or scroll besides
      if (window.kioskVoice) window.kioskVoice.pressed(action);
      // nowhere to go (back or home on the start screen): a low tone says so
      if (ACTIONS[action]() === false && window.kioskVoice) window.kioskVoice.nothing();
    },
    true
  );

  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.id) lastFocusId = event.target.id;
  });

  // ---- after the page changes ----
  function heading() {
    return document.querySelector("#kiosk-page h1");
  }

  function afterRender() {
    var page = document.getElementById("kiosk-page");
    var h1 = heading();
    // the screen asked for is drawn (the page callback stamps data-screen)
    if (awaitingScreen && page && page.getAttribute("data-screen") === awaitingScreen) {
      awaitingScreen = null;
      // a new screen starts at its top, with the focus on its heading (a
      // screen without one: its first control)
      window.scrollTo(0, 0);
      page.scrollTop = 0;
      var first = h1 || page.querySelector(FOCUSABLE);
      focusOn(first, true);
      if (window.kioskVoice) window.kioskVoice.screen(follow.view, first);
      return;
    }
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    // the focused control was drawn anew: the same control again, else the heading
    var again = lastFocusId ? document.getElementById(lastFocusId) : null;
    if (again && shown(again)) focusOn(again, true);
    else if (h1 && !awaitingScreen) focusOn(h1, true);
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    Promise.resolve().then(function () {
      pending = false;
      afterRender();
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  window.dash_clientside = Object.assign({}, window.dash_clientside);
  window.dash_clientside.kiosk = Object.assign({}, window.dash_clientside.kiosk, {
    // follows the screen, language, modes and settings (no outputs)
    keypadFollow: function (view, lang, access, settings) {
      var changed = follow.view !== null && (view !== follow.view || lang !== follow.lang);
      if (follow.view !== null && view !== follow.view) {
        var home = homeView();
        if (view === home) visited = [];
        else if (visited[visited.length - 1] === view) visited.pop(); // went back
        else visited.push(follow.view);
      }
      follow.view = view;
      follow.lang = lang;
      follow.access = access || {};
      follow.settings = settings;
      if (changed) awaitingScreen = view + " " + lang;
      if (window.kioskVoice) window.kioskVoice.follow(view, lang, follow.access, settings);
    },
  });
})();
