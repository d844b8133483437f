/*
 * Kiosk behaviour in the browser: idle reset, clock, reconnect-and-reload,
 * no way out of the page, and the clientside callbacks (navigation,
 * language). Dash loads this file from assets/ before its callbacks run.
 */
(function () {
  "use strict";

  var lastActivity = Date.now();
  function markActivity() {
    lastActivity = Date.now();
  }
  ["pointerdown", "touchstart", "keydown", "wheel"].forEach(function (name) {
    document.addEventListener(name, markActivity, { capture: true, passive: true });
  });

  // ---- requests: the kiosk id goes with the layout; "settled" follows callbacks ----
  // Dash asks for the layout at /_dash-layout without the page's query
  // string, so the kiosk chosen by ?kiosk=ID is added here: the server builds
  // that kiosk's "you are here" from the very first frame.
  // data-settled on <html> is set once no callback is in flight and the page
  // has been still for a moment: browser tests (and people) wait on it.
  var kioskId = new URLSearchParams(location.search).get("kiosk");
  var nativeFetch = window.fetch.bind(window);
  var inflight = 0;
  var settleTimer = null;
  var settledCount = 0;
  function unsettle() {
    document.documentElement.removeAttribute("data-settled");
    clearTimeout(settleTimer);
    settleTimer = setTimeout(function () {
      if (inflight === 0) {
        settledCount += 1;
        document.documentElement.setAttribute("data-settled", String(settledCount));
      }
    }, 150);
  }
  // work a tap started that goes on as a callback request (a screen waiting
  // for plotly.js): in flight until the next request starts, 10 s at most
  var holds = [];
  function hold() {
    var token = { done: false };
    holds.push(token);
    inflight += 1;
    unsettle();
    setTimeout(function () {
      release(token);
    }, 10000);
  }
  function release(token) {
    if (token.done) return;
    token.done = true;
    holds = holds.filter(function (t) {
      return t !== token;
    });
    inflight -= 1;
    unsettle();
  }
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : "";
    if (kioskId && /_dash-layout$/.test(url)) {
      input = url + "?kiosk=" + encodeURIComponent(kioskId);
    }
    // Dash adds a query to its callback requests (_dash-update-component?...)
    if (!/_dash-(layout|update-component)(\?|$)/.test(url)) return nativeFetch(input, init);
    inflight += 1;
    holds.slice().forEach(release);
    unsettle();
    return nativeFetch(input, init).finally(function () {
      inflight -= 1;
      unsettle();
    });
  };
  // a tap starts work before any request or change shows: not settled from here
  ["pointerdown", "click", "keydown"].forEach(function (name) {
    document.addEventListener(name, unsettle, { capture: true, passive: true });
  });
  new MutationObserver(unsettle).observe(document.documentElement, {
    childList: true,
    subtree: true,
    characterData: true,
  });

  // ---- a public touchscreen: no menus, no selection, no zoom, no way out ----
  function block(event) {
    event.preventDefault();
  }
  ["contextmenu", "selectstart", "dragstart", "gesturestart"].forEach(function (name) {
    document.addEventListener(name, block, { capture: true });
  });
  document.addEventListener(
    "touchmove",
    function (event) {
      if (event.touches && event.touches.length > 1) event.preventDefault();
    },
    { passive: false }
  );
  document.addEventListener(
    "wheel",
    function (event) {
      if (event.ctrlKey) event.preventDefault();
    },
    { passive: false }
  );
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && ["+", "-", "=", "0"].indexOf(event.key) >= 0) {
      event.preventDefault();
    }
  });
  document.addEventListener(
    "click",
    function (event) {
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (link && new URL(link.href, location.href).origin !== location.origin) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true
  );
  window.open = function () {
    return null;
  };

  // ---- clock: date and time in the configured time zone ----
  // the date is written by the language's pattern (kiosk_core/locales), as
  // the server wrote it: {Y} {M} {MM} {D} {DD} {W} (weekday) {Mon} (month)
  function listAttribute(element, name) {
    try {
      return JSON.parse(element.getAttribute(name) || "[]");
    } catch (err) {
      return [];
    }
  }

  function dateText(clock, p) {
    var pattern = clock.getAttribute("data-date-pattern") || "{Y}-{MM}-{DD}";
    var weekdays = listAttribute(clock, "data-weekdays"); // Monday first
    var months = listAttribute(clock, "data-months");
    var fields = {
      Y: p.year,
      M: String(+p.month),
      MM: p.month,
      D: String(+p.day),
      DD: p.day,
      W: weekdays[(p.weekday + 6) % 7] || "",
      Mon: months[+p.month - 1] || String(+p.month),
    };
    return pattern.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : whole;
    });
  }

  function zonedParts(timeZone) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date())
      .forEach(function (p) {
        parts[p.type] = p.value;
      });
    // weekday from the zoned calendar date, independent of the browser's zone
    parts.weekday = new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day)).getUTCDay();
    return parts;
  }

  function tickClocks() {
    document.querySelectorAll(".kiosk-clock").forEach(function (clock) {
      var p;
      try {
        p = zonedParts(clock.getAttribute("data-tz") || "Asia/Seoul");
      } catch (err) {
        return;
      }
      var date = dateText(clock, p);
      var time = p.hour + ":" + p.minute;
      var dateEl = clock.querySelector(".kiosk-clock-date");
      var timeEl = clock.querySelector(".kiosk-clock-time");
      if (dateEl && dateEl.textContent !== date) dateEl.textContent = date;
      if (timeEl && timeEl.textContent !== time) timeEl.textContent = time;
    });
  }
  setInterval(tickClocks, 1000);

  // ---- the briefing player: large buttons, highlighted subtitles ----
  var AUDIO_ID = "kiosk-briefing-audio";
  function briefingAudio() {
    return document.getElementById(AUDIO_ID);
  }
  function showPlaying(audio) {
    var button = document.getElementById("kiosk-briefing-play");
    if (!button) return;
    var playing = !audio.paused && !audio.ended;
    button.textContent = button.getAttribute(playing ? "data-pause" : "data-play");
    button.classList.toggle("playing", playing);
  }
  // the figure cards of the subtitle being spoken (layouts/briefing_cards.py):
  // its set shown, every other hidden, none for a line citing nothing
  function showFigures(line) {
    var set = line ? line.getAttribute("data-figures") : null;
    document.querySelectorAll(".figure-stage .figure-set").forEach(function (cards) {
      var hide = cards.getAttribute("data-figures") !== set;
      if (cards.hidden !== hide) cards.hidden = hide;
    });
  }
  function highlight(audio) {
    var now = audio.currentTime;
    var lines = Array.prototype.slice.call(document.querySelectorAll(".subtitles .subtitle"));
    var current = lines.filter(function (line) {
      return (
        !audio.ended &&
        now >= Number(line.getAttribute("data-start")) &&
        now < Number(line.getAttribute("data-end"))
      );
    })[0] || null;
    // the cards first: the line is scrolled to where it is once they are shown
    showFigures(current);
    lines.forEach(function (line) {
      var on = line === current;
      if (on && !line.classList.contains("current")) {
        line.scrollIntoView({ block: "nearest", behavior: "smooth" });
      }
      line.classList.toggle("current", on);
    });
  }
  // a briefing without audio: a tapped subtitle is the current one, with its cards
  document.addEventListener("click", function (event) {
    var line = event.target.closest ? event.target.closest(".tap-subtitles .subtitle") : null;
    if (!line) return;
    document.querySelectorAll(".subtitles .subtitle").forEach(function (other) {
      other.classList.toggle("current", other === line);
    });
    showFigures(line);
  });
  // any button with data-plays="AUDIO_ID" plays that audio from the start
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-plays]") : null;
    var audio = button ? document.getElementById(button.getAttribute("data-plays")) : null;
    if (audio) {
      audio.currentTime = 0;
      audio.play().catch(function () {});
    }
  });
  document.addEventListener("click", function (event) {
    var audio = briefingAudio();
    if (!audio || !event.target.closest) return;
    if (event.target.closest("#kiosk-briefing-play")) {
      if (audio.paused || audio.ended) audio.play();
      else audio.pause();
    }
    var volume = event.target.closest("[data-volume]");
    if (volume) {
      var level = audio.volume + Number(volume.getAttribute("data-volume"));
      audio.volume = Math.min(1, Math.max(0, Math.round(level * 10) / 10));
    }
  });
  ["play", "pause", "ended"].forEach(function (name) {
    document.addEventListener(
      name,
      function (event) {
        if (event.target.id === AUDIO_ID) {
          showPlaying(event.target);
          highlight(event.target);
        }
      },
      true
    );
  });
  document.addEventListener(
    "timeupdate",
    function (event) {
      if (event.target.id === AUDIO_ID) highlight(event.target);
    },
    true
  );

  // the next automatic play today, as "HH:MM" and seconds to go (null if none)
  function nextAutoplay(times, timeZone) {
    var p = zonedParts(timeZone);
    var now = Number(p.hour) * 3600 + Number(p.minute) * 60 + new Date().getSeconds();
    var best = null;
    (times || []).forEach(function (time) {
      var hm = time.split(":");
      var at = Number(hm[0]) * 3600 + Number(hm[1]) * 60;
      if (at > now && (best === null || at - now < best.wait)) best = { time: time, wait: at - now };
    });
    return best;
  }
  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }
  function tickCountdowns() {
    document.querySelectorAll(".autoplay-countdown").forEach(function (el) {
      var times = (el.getAttribute("data-times") || "").split(",").filter(Boolean);
      var next = times.length ? nextAutoplay(times, el.getAttribute("data-tz")) : null;
      el.textContent = next
        ? el.getAttribute("data-label") + " " + next.time + " · " +
          Math.floor(next.wait / 3600) + ":" + pad(Math.floor(next.wait / 60) % 60) + ":" +
          pad(next.wait % 60)
        : "";
    });
    // an automatic play asked for by the idle tick starts once the player is there
    var audio = briefingAudio();
    if (window.kioskAutoplay && audio) {
      window.kioskAutoplay = false;
      audio.currentTime = 0;
      audio.play().catch(function () {});
    }
  }
  setInterval(tickCountdowns, 1000);

  // ---- one light beat: liveness and the config version (kiosk_app/beat.py) ----
  // Every few seconds, with jitter so that a lobby full of screens does not
  // ask in step. A slow or failed answer never reloads the page: it backs
  // off, and only after two failures in a row shows "reconnecting". The page
  // reloads only when the server itself restarted (new code may be running).
  function basePath() {
    try {
      var config = JSON.parse(document.getElementById("_dash-config").textContent);
      return config.requests_pathname_prefix || "/";
    } catch (err) {
      return "/";
    }
  }
  var BEAT_MS = 5000;
  var BEAT_TIMEOUT_MS = 10000;
  var RETRY_MS = [2000, 4000, 6000]; // back within 10 s of a restart, jitter included
  var beatFailures = 0;
  var beats = 0;
  var shownVersion = null;
  function jittered(ms) {
    return ms * (0.8 + 0.4 * Math.random());
  }
  function nextBeat(ms) {
    setTimeout(beat, jittered(ms));
  }
  function beat() {
    var root = document.getElementById("kiosk-root");
    if (!root) {
      nextBeat(1000); // the layout is not rendered yet
      return;
    }
    if (shownVersion === null) shownVersion = root.getAttribute("data-version");
    var controller = new AbortController();
    var timer = setTimeout(function () {
      controller.abort();
    }, BEAT_TIMEOUT_MS);
    fetch(basePath() + "_kiosk/beat", { cache: "no-store", signal: controller.signal })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (answer) {
        beatFailures = 0;
        beats += 1;
        root.setAttribute("data-beats", String(beats)); // answered beats, for staff
        if (answer.boot !== root.getAttribute("data-boot")) {
          // spread a fleet's reloads after a restart over a few seconds
          setTimeout(function () {
            location.reload();
          }, Math.random() * 2000);
          return;
        }
        document.body.classList.remove("kiosk-is-offline");
        if (answer.config !== shownVersion) {
          shownVersion = answer.config;
          window.dash_clientside.set_props("kiosk-config-version", { data: answer.config });
          heartbeatSoon(); // staff see the new version without waiting
        }
        nextBeat(BEAT_MS);
      })
      .catch(function () {
        beatFailures += 1;
        if (beatFailures >= 2) document.body.classList.add("kiosk-is-offline");
        nextBeat(RETRY_MS[Math.min(beatFailures, RETRY_MS.length) - 1]);
      })
      .finally(function () {
        clearTimeout(timer);
      });
  }
  nextBeat(BEAT_MS);

  // ---- the heartbeat: what this screen shows, for staff (kiosk_app/fleet.py) ----
  // Every screen.heartbeat_seconds (the server's answer says how often; a
  // little early rather than late, so two missed beats mean a silent screen):
  // the kiosk, this page (its id kept across reloads of the tab), the screen,
  // language and modes shown, the config version, uptime, JS heap and the
  // last error the page met.
  var heartbeatMs = 30000;
  var heartbeatTimer = null;
  var shown = { view: null, lang: null };
  var lastError = null;
  function screenInstance() {
    var key = "kiosk-screen-instance";
    try {
      var kept = sessionStorage.getItem(key);
      if (kept) return kept;
    } catch (err) {}
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    var made = Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
    try {
      sessionStorage.setItem(key, made);
    } catch (err) {}
    return made;
  }
  var instance = screenInstance();
  function oneLine(value, most) {
    return String(value == null ? "" : value)
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, most);
  }
  function sourcePath(url) {
    try {
      return new URL(url, location.href).pathname;
    } catch (err) {
      return oneLine(url, 200);
    }
  }
  window.addEventListener("error", function (event) {
    if (!event.message) return; // an image or script that did not load
    lastError = {
      message: oneLine(event.message, 300),
      source: oneLine(sourcePath(event.filename || ""), 200),
      line: Number(event.lineno) || 0,
    };
  });
  window.addEventListener("unhandledrejection", function (event) {
    var reason = event.reason;
    var message = reason && reason.message ? reason.message : reason;
    lastError = {
      message: oneLine("unhandled rejection: " + message, 300),
      source: "",
      line: 0,
    };
  });
  // the modes on: the root's "mode-KEY" classes ("mode-text-200" is a level)
  function modesOn(root) {
    var names = root.className
      .split(/\s+/)
      .filter(function (c) {
        return c.indexOf("mode-") === 0;
      })
      .map(function (c) {
        return c.slice(5);
      });
    return names.filter(function (name) {
      return !names.some(function (other) {
        return name.indexOf(other + "-") === 0;
      });
    });
  }
  function heartbeatSoon() {
    clearTimeout(heartbeatTimer);
    heartbeatTimer = setTimeout(heartbeat, 500);
  }
  function nextHeartbeat() {
    clearTimeout(heartbeatTimer);
    heartbeatTimer = setTimeout(heartbeat, heartbeatMs * (0.85 + 0.1 * Math.random()));
  }
  function heartbeat() {
    var root = document.getElementById("kiosk-root");
    if (!root) {
      heartbeatTimer = setTimeout(heartbeat, 1000); // not rendered yet
      return;
    }
    var memory = window.performance && window.performance.memory;
    var body = {
      kiosk: root.getAttribute("data-kiosk"),
      instance: instance,
      // an unattended screen says so: "asleep" or "attract" (attract.js)
      screen: (window.kioskAttract && window.kioskAttract.state()) || shown.view || screens().views[0],
      language: shown.lang || document.documentElement.lang,
      modes: modesOn(root),
      config: shownVersion || root.getAttribute("data-version"),
      uptime: Math.round(window.performance.now() / 1000),
      heap: memory && memory.usedJSHeapSize ? memory.usedJSHeapSize : null,
      error: lastError,
      done: doneCommands(), // staff commands carried out: not sent again
    };
    fetch(basePath() + "_kiosk/heartbeat", {
      method: "POST",
      cache: "no-store",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        var every = answer && Number(answer.every);
        if (every >= 1) heartbeatMs = every * 1000;
        if (answer && Array.isArray(answer.commands)) answer.commands.forEach(carryOut);
      })
      .catch(function () {})
      .finally(nextHeartbeat);
  }
  heartbeatTimer = setTimeout(heartbeat, 1500);

  // ---- staff commands (kiosk_app/staff_actions.py): what staff asked of this
  // screen from /status, carried by the heartbeat's answer. Each is done once:
  // its id is kept for this tab (sessionStorage outlives the reload a command
  // asks for) and sent back with the next beats. A screen a visitor is using
  // (touched in the last 20 s, or a briefing playing before a reload) waits
  // until nobody uses it, 2 minutes at most: staff asked for it to happen.
  var DONE_KEY = "kiosk-staff-done";
  var DONE_KEPT = 32;
  var QUIET_MS = 20000;
  var WAIT_AT_MOST_MS = 120000;
  var doneInMemory = [];
  var touchedAt = -Infinity;
  ["pointerdown", "touchstart", "keydown", "wheel"].forEach(function (name) {
    document.addEventListener(
      name,
      function () {
        touchedAt = Date.now();
      },
      { capture: true, passive: true }
    );
  });
  function doneCommands() {
    try {
      var kept = JSON.parse(sessionStorage.getItem(DONE_KEY) || "[]");
      if (Array.isArray(kept)) return kept.slice(-DONE_KEPT);
    } catch (err) {}
    return doneInMemory.slice(-DONE_KEPT);
  }
  function noteDone(id) {
    var done = doneCommands().concat([id]).slice(-DONE_KEPT);
    doneInMemory = done;
    try {
      sessionStorage.setItem(DONE_KEY, JSON.stringify(done));
    } catch (err) {}
  }
  function playingBriefing() {
    var audio = briefingAudio();
    return Boolean(audio && !audio.paused && !audio.ended);
  }
  function playBriefingNow() {
    if (screens().views.indexOf("briefing") < 0) return;
    // today's briefing (its chosen day back to none), played as the
    // automatic play does once the player is on screen (tickCountdowns)
    screens().state.forEach(function (pair) {
      if (pair[0] === "kiosk-briefing-day") {
        window.dash_clientside.set_props(pair[0], { data: initialState(pair[0]) });
      }
    });
    window.dash_clientside.set_props("kiosk-view", { data: "briefing" });
    window.kioskAutoplay = true;
    markActivity(); // the idle reset leaves the briefing on screen
  }
  function carryOut(command) {
    if (!command || typeof command.id !== "string") return;
    if (doneCommands().indexOf(command.id) >= 0) return;
    if (command.action !== "reload" && command.action !== "briefing") return;
    noteDone(command.id);
    var since = Date.now();
    (function whenFree() {
      var busy =
        Date.now() - touchedAt < QUIET_MS || (command.action === "reload" && playingBriefing());
      if (busy && Date.now() - since < WAIT_AT_MOST_MS) {
        setTimeout(whenFree, 1000);
        return;
      }
      if (command.action === "reload") location.reload();
      else playBriefingNow();
    })();
  }

  // ---- the service worker keeps a "reconnecting" page for a reload while the
  // server is away (assets/sw.js; browsers allow it on https and localhost) ----
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(basePath() + "sw.js").catch(function () {});
  }

  // ---- the screens, as the server registered them (layouts/registry.py) ----
  // data-screens on #kiosk-root: {views, plot (the views that draw a plot),
  // state: [[store id, initial value], ...] in the idle reset's order, plotly}
  var screensCache = null;
  function screens() {
    if (screensCache) return screensCache;
    var root = document.getElementById("kiosk-root");
    var found = null;
    try {
      found = JSON.parse(root.getAttribute("data-screens"));
    } catch (err) {}
    if (!found) return { views: ["home"], plot: [], state: [], plotly: null };
    screensCache = found; // registered in code: the same until the server restarts
    return found;
  }
  function initialState(store) {
    var found = screens().state.filter(function (pair) {
      return pair[0] === store;
    })[0];
    return found ? JSON.parse(JSON.stringify(found[1])) : null;
  }

  // ---- plotly.js only for the screens that plot ----
  // dcc.Graph uses window.Plotly when it is there, so the partial bundle is
  // loaded once, before the first screen that plots is asked for: the view
  // changes only after it has loaded. Should a graph ever mount without it,
  // Dash's renderer would fetch its own full bundle from _dashPlotlyJSURL:
  // that address is pinned to the partial bundle too.
  var plotlyLoading = null;
  function plotlyURL() {
    var src = screens().plotly;
    return src ? basePath() + src : null;
  }
  var dashPlotlyURL = null;
  try {
    Object.defineProperty(window, "_dashPlotlyJSURL", {
      configurable: true,
      get: function () {
        return plotlyURL() || dashPlotlyURL;
      },
      set: function (url) {
        dashPlotlyURL = url;
      },
    });
  } catch (err) {}
  function loadPlotly() {
    if (window.Plotly || !plotlyURL()) return Promise.resolve();
    if (!plotlyLoading) {
      plotlyLoading = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = plotlyURL();
        script.async = true;
        script.onload = resolve;
        script.onerror = function () {
          plotlyLoading = null; // try again with the next screen that plots
          resolve();
        };
        document.head.appendChild(script);
      });
    }
    return plotlyLoading;
  }
  // ``outputs`` (what a clientside callback returns), once ``view`` can be
  // shown; the page is not settled meanwhile, nor until the screen is asked for
  function showing(view, outputs) {
    if (screens().plot.indexOf(view) < 0 || window.Plotly || !plotlyURL()) {
      return outputs;
    }
    hold();
    return loadPlotly().then(function () {
      return outputs;
    });
  }

  // ---- clientside callbacks (see kiosk_app/callbacks.py) ----
  var noUpdate = function () {
    return window.dash_clientside.no_update;
  };
  function directoryHome() {
    return initialState("kiosk-directory-state") || {};
  }

  // the id of the pattern-matched button that was just tapped (null if none)
  function tapped() {
    var triggered = window.dash_clientside.callback_context.triggered || [];
    if (!triggered.length || !triggered[0].value) return null;
    return JSON.parse(triggered[0].prop_id.split(".")[0]);
  }

  // ---- "Need more time?": shown for the last seconds before an idle reset ----
  var focusBeforeWarning = null;
  function hideIdleWarning(box) {
    box.hidden = true;
    // back to where the visitor was (the warning had the focus)
    var active = document.activeElement;
    var lost = !active || active === document.body || box.contains(active);
    if (lost && focusBeforeWarning && document.contains(focusBeforeWarning)) {
      focusBeforeWarning.focus({ preventScroll: true });
    }
    focusBeforeWarning = null;
  }
  function showIdleWarning(words, seconds) {
    var box = document.getElementById("kiosk-idle-warning");
    if (!box) return;
    if (!words) {
      if (!box.hidden) hideIdleWarning(box);
      return;
    }
    var title = box.querySelector(".idle-title");
    var countdown = box.querySelector(".idle-countdown");
    var button = box.querySelector(".idle-extend");
    var line = String(words.countdown || "").replace("{seconds}", String(seconds));
    if (title.textContent !== words.title) title.textContent = words.title;
    if (button.textContent !== words.button) button.textContent = words.button;
    if (countdown.textContent !== line) countdown.textContent = line;
    if (box.hidden) {
      focusBeforeWarning = document.activeElement;
      box.hidden = false;
      button.focus({ preventScroll: true });
    }
  }
  document.addEventListener("click", function (event) {
    var box = document.getElementById("kiosk-idle-warning");
    if (box && !box.hidden && box.contains(event.target)) hideIdleWarning(box);
  });

  // what the other scripts of the page (access.js, motion.js, voice.js) share
  window.kioskPage = {
    tapped: tapped,
    noUpdate: noUpdate,
    screens: screens,
    basePath: basePath,
    markActivity: markActivity, // the axe test holds the idle reset off with it
    // for attract.js: how long untouched, the heartbeat now, a date as the clock writes it
    idleFor: function () {
      return Date.now() - lastActivity;
    },
    heartbeatSoon: heartbeatSoon,
    dateText: dateText,
  };

  // other scripts add their own functions to the same namespace
  window.dash_clientside = Object.assign({}, window.dash_clientside);
  window.dash_clientside.kiosk = Object.assign({}, window.dash_clientside.kiosk, {
    navigate: function () {
      var id = tapped();
      if (!id || screens().views.indexOf(id.target) < 0) return noUpdate();
      window.scrollTo(0, 0);
      return showing(id.target, id.target);
    },
    chooseLanguage: function (clicks, lang, directory) {
      var id = tapped();
      if (!id || !id.value || id.value === lang) return [noUpdate(), noUpdate()];
      // letters typed on one language's pad mean nothing on another's
      var kept = Object.assign(directoryHome(), directory || {}, { query: "" });
      return [id.value, kept];
    },
    directoryInput: function (modes, floors, bureaus, keys, state) {
      var id = tapped();
      if (!id) return noUpdate();
      var next = Object.assign(directoryHome(), state || {});
      if (id.type === "kiosk-dir-mode") {
        next.mode = id.value;
      } else if (id.type === "kiosk-dir-floor") {
        // from the by-floor picker, or a floor of the building overview:
        // either way that floor's list, in the by-floor tab
        next.mode = "floor";
        next.floor = id.value;
      } else if (id.type === "kiosk-dir-bureau") {
        next.bureau = id.value;
      } else if (id.value === "back") {
        next.query = Array.from(next.query || "").slice(0, -1).join("");
      } else if (id.value === "clear") {
        next.query = "";
      } else if (Array.from(next.query || "").length < 12) {
        next.query = (next.query || "") + id.value;
      }
      return next;
    },
    openRoute: function (clicks, route) {
      var id = tapped();
      if (!id) return [noUpdate(), noUpdate()];
      var stepFree = Boolean(route && route.step_free);
      return showing("route", [{ target: id.target, step_free: stepFree }, "route"]);
    },
    toggleStepFree: function (clicks, route) {
      if (!tapped() || !route) return noUpdate();
      var next = !route.step_free;
      // the switch answers the finger at once: the route it asks for comes
      // with a 3D view that takes a moment to draw, and a visitor who sees
      // nothing happen taps again (which would switch it back). "pending"
      // lasts until the server's screen replaces the button's classes.
      document.querySelectorAll("button.step-free").forEach(function (button) {
        button.className = "kiosk-button step-free pending" + (next ? " on" : "");
        button.setAttribute("aria-pressed", String(next));
      });
      return { target: route.target, step_free: next };
    },
    pickBriefing: function () {
      var id = tapped();
      return id ? id.value : noUpdate();
    },
    // outputs: view, language, each screen's state stores, the switches
    idleReset: function (tick, view, lang, settings) {
      var stores = screens().state;
      var home = screens().views[0];
      var none = [noUpdate(), noUpdate()].concat(stores.map(noUpdate), [noUpdate()]);
      if (!settings) return none;
      var audio = briefingAudio();
      if (audio && !audio.paused && !audio.ended) lastActivity = Date.now();
      var idleFor = Date.now() - lastActivity;
      // a sleeping screen (attract.js) goes back to its start at once, and
      // plays no briefing by itself
      var asleep = Boolean(window.kioskAttract && window.kioskAttract.state() === "asleep");
      // an automatic briefing, on an idle kiosk at one of the configured times
      var times = settings.autoplay_times || [];
      var briefing = screens().views.indexOf("briefing") >= 0;
      if (briefing && times.length && view === home && idleFor >= 30000 && !asleep) {
        var p = zonedParts(settings.timezone || "Asia/Seoul");
        var stamp = p.hour + ":" + p.minute;
        if (times.indexOf(stamp) >= 0 && window.kioskAutoplayDone !== stamp) {
          window.kioskAutoplayDone = stamp;
          window.kioskAutoplay = true;
          lastActivity = Date.now();
          // the briefing of today: its chosen day back to none
          var day = stores.map(function (pair) {
            return pair[0] === "kiosk-briefing-day" ? pair[1] : noUpdate();
          });
          return ["briefing", noUpdate()].concat(day, [noUpdate()]);
        }
      }
      var language = settings.default_language;
      var root = document.getElementById("kiosk-root");
      var adjusted = root && root.className !== "kiosk";
      var atStart = view === home && lang === language && !adjusted;
      // voice guidance gives longer: listening takes time
      var voiced = root && root.classList.contains("mode-voice") && settings.voice;
      var idleMs = (voiced ? settings.voice.idle_seconds : settings.idle_seconds) * 1000;
      var warnFor = (settings.idle_warning_seconds || 0) * 1000;
      var resetAt = idleMs + warnFor;
      if (atStart || (idleFor < idleMs && !asleep)) {
        showIdleWarning(null);
        return none;
      }
      if (idleFor < resetAt && !asleep) {
        // time to finish: one tap anywhere (or on the button) keeps the screen
        showIdleWarning(settings.idle_warning, Math.ceil((resetAt - idleFor) / 1000));
        return none;
      }
      showIdleWarning(null);
      lastActivity = Date.now();
      return [view === home ? noUpdate() : home, lang === language ? noUpdate() : language]
        .concat(
          stores.map(function (pair) {
            return initialState(pair[0]);
          }),
          [{}]
        );
    },
    // the page's language and its title, which names the screen in it
    setDocumentLanguage: function (lang, view, settings) {
      shown.lang = lang; // for the heartbeat
      shown.view = view;
      var tags = (settings && settings.html_lang) || {};
      document.documentElement.lang = tags[lang] || lang || "ko";
      var titles = (settings && settings.titles) || {};
      if (titles[view]) document.title = titles[view];
    },
  });
})();
