/*
 * An unattended screen: asleep outside opening hours, the attract loop when
 * idle inside them (layouts/attract.py builds both).
 *
 * The server tells the page its kiosk's schedule in the screen settings
 * (settings.schedule: the hours of each weekday and of the days that differ,
 * in minutes since local midnight, and the wake and sleep leads); the page
 * decides by its own clock (Date.now, in site.timezone), every second and at
 * once when the settings change. Outside the lit hours, a screen untouched
 * for wake_minutes sleeps: the cover (#kiosk-sleep, black or a dim clock) is
 * shown, audio stops, the tiles stop refreshing and kiosk.js resets the page
 * to its start without playing a briefing. The first touch (or key) wakes it
 * and does nothing else.
 *
 * Inside the hours, the home screen at its start and idle for
 * settings.attract.after_seconds shows the attract loop (#kiosk-attract):
 * its slides take turns every data-slide-seconds by the page's clock, with
 * no request to the server; a touch ends it and does nothing else.
 *
 * #kiosk-root's data-idle says "asleep" or "attract" (the heartbeat reports
 * it as the screen, and the kiosk launcher may switch the panel off).
 */
(function () {
  "use strict";

  var settings = null; // the screen settings (attractFollow)
  var lastTouch = -Infinity; // the last real touch or key, by the page's clock
  var swallowUntil = 0; // the click of a touch that woke the screen is its own
  var attractSince = null;
  var state = null; // "asleep", "attract" or null
  var reloading = false;

  function root() {
    return document.getElementById("kiosk-root");
  }

  // ---- the schedule, by the page's clock ----
  var formats = {};
  function localParts(ms, timeZone) {
    if (!formats[timeZone]) {
      formats[timeZone] = new Intl.DateTimeFormat("en-US", {
        timeZone: timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hourCycle: "h23",
      });
    }
    var p = {};
    formats[timeZone].formatToParts(new Date(ms)).forEach(function (part) {
      p[part.type] = part.value;
    });
    return {
      date: p.year + "-" + p.month + "-" + p.day,
      minute: Number(p.hour) * 60 + Number(p.minute) + Number(p.second) / 60,
      time: p.hour + ":" + p.minute,
    };
  }
  function shiftDate(date, days) {
    var d = new Date(date + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
  function spansOn(schedule, date) {
    if (Object.prototype.hasOwnProperty.call(schedule.days || {}, date)) {
      return schedule.days[date];
    }
    var weekday = (new Date(date + "T00:00:00Z").getUTCDay() + 6) % 7; // Monday 0
    return schedule.week[weekday] || [];
  }
  // within opening hours widened by the leads (a span of the day before or
  // after may reach into today)
  function isLit(schedule, ms, timeZone) {
    var p = localParts(ms, timeZone);
    for (var offset = -1; offset <= 1; offset += 1) {
      var spans = spansOn(schedule, shiftDate(p.date, offset));
      for (var i = 0; i < spans.length; i += 1) {
        var from = offset * 1440 + spans[i][0] - schedule.before;
        var to = offset * 1440 + spans[i][1] + schedule.after;
        if (p.minute >= from && p.minute < to) return true;
      }
    }
    return false;
  }
  // the next opening: {days: 0 today, 1 tomorrow..., date, minute}
  function nextOpening(schedule, ms, timeZone) {
    var p = localParts(ms, timeZone);
    for (var offset = 0; offset <= 62; offset += 1) {
      var date = shiftDate(p.date, offset);
      var spans = spansOn(schedule, date);
      for (var i = 0; i < spans.length; i += 1) {
        if (offset > 0 || spans[i][0] > p.minute) {
          return { days: offset, date: date, minute: spans[i][0] };
        }
      }
    }
    return null;
  }
  function clockText(minute) {
    var h = Math.floor(minute / 60);
    var m = minute % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }

  // ---- the sleeping screen ----
  function cover() {
    return document.getElementById("kiosk-sleep");
  }
  // a date (YYYY-MM-DD) as the header's clock writes it in the cover's language
  function dateWords(clock, date) {
    if (!clock || !window.kioskPage || !window.kioskPage.dateText) return date;
    var ymd = date.split("-");
    return window.kioskPage.dateText(clock, {
      year: ymd[0],
      month: ymd[1],
      day: ymd[2],
      weekday: new Date(date + "T00:00:00Z").getUTCDay(),
    });
  }
  function setText(element, text) {
    if (element && element.textContent !== text) element.textContent = text;
  }
  // the dim clock and the next opening, by the page's clock
  function fillCover(box, schedule, ms, timeZone) {
    var clock = box.querySelector(".sleep-clock");
    var now = localParts(ms, timeZone);
    setText(box.querySelector(".sleep-time"), now.time);
    setText(box.querySelector(".sleep-date"), dateWords(clock, now.date));
    var line = box.querySelector(".sleep-opens");
    if (!line) return;
    var next = nextOpening(schedule, ms, timeZone);
    var text = "";
    if (next) {
      var which = next.days === 0 ? "data-today" : next.days === 1 ? "data-tomorrow" : "data-on";
      text = (line.getAttribute(which) || "")
        .replace("{time}", clockText(next.minute))
        .replace("{date}", which === "data-on" ? dateWords(clock, next.date) : "");
    }
    setText(line, text);
    // a still picture burns into a panel: the clock moves a little each minute
    var shift = (Math.floor(ms / 60000) % 5) - 2;
    box.style.setProperty("--sleep-shift", shift * 14 + "px");
  }
  function pauseMedia() {
    document.querySelectorAll("audio, video").forEach(function (media) {
      if (!media.paused) media.pause();
    });
  }
  function tileRefresh(on) {
    try {
      window.dash_clientside.set_props("kiosk-tile-refresh", { disabled: !on });
    } catch (err) {}
  }

  // ---- the attract loop ----
  function loop() {
    return document.getElementById("kiosk-attract");
  }
  function atStart(r) {
    if (!document.querySelector("#kiosk-page .home")) return false;
    if (r.className !== "kiosk") return false; // a mode is on
    var current = document.querySelector(".lang-choice.current");
    var lang = current ? current.getAttribute("data-lang") : null;
    if (settings.default_language && lang && lang !== settings.default_language) return false;
    var warning = document.getElementById("kiosk-idle-warning");
    if (warning && !warning.hidden) return false;
    return !Array.prototype.some.call(document.querySelectorAll("audio"), function (a) {
      return !a.paused && !a.ended;
    });
  }
  function showSlides(box, ms) {
    var slides = box.querySelectorAll("[data-attract-slide]");
    if (!slides.length) return;
    var each = (Number(box.getAttribute("data-slide-seconds")) || 8) * 1000;
    var shown = Math.floor(Math.max(0, ms - attractSince) / each) % slides.length;
    slides.forEach(function (slide, i) {
      var on = i === shown;
      if (slide.classList.contains("active") !== on) slide.classList.toggle("active", on);
    });
  }

  // ---- what the screen is: asleep, attract, or in use ----
  function idleFor() {
    var page = window.kioskPage;
    return page && page.idleFor ? page.idleFor() : 0;
  }
  function playing() {
    return (
      window.kioskAutoplay === true || // a briefing staff asked for, about to play
      Array.prototype.some.call(document.querySelectorAll("audio"), function (a) {
        return !a.paused && !a.ended;
      })
    );
  }
  function decide(ms) {
    var schedule = settings && settings.schedule;
    var lit = true;
    if (schedule) {
      lit = isLit(schedule, ms, settings.timezone || "Asia/Seoul");
      var wakeMs = (schedule.wake_minutes || 5) * 60000;
      if (!lit && ms - lastTouch >= wakeMs && !playing()) return "asleep";
    }
    var attract = settings && settings.attract;
    var r = root();
    if (!attract || !lit || !loop() || !r) return null;
    if (state === "attract") return atStart(r) ? "attract" : null;
    if (idleFor() >= attract.after_seconds * 1000 && atStart(r)) return "attract";
    return null;
  }
  function apply(next, ms) {
    var r = root();
    if (!r) return;
    var box = cover();
    var was = state;
    state = next;
    if (box) {
      var schedule = settings && settings.schedule;
      var blank = schedule && schedule.when_closed === "blank" ? "blank" : "clock";
      if (box.getAttribute("data-when-closed") !== blank) box.setAttribute("data-when-closed", blank);
      if (box.hidden !== (next !== "asleep")) box.hidden = next !== "asleep";
      if (next === "asleep") fillCover(box, schedule, ms, settings.timezone || "Asia/Seoul");
    }
    var slides = loop();
    if (next === "attract") {
      if (was !== "attract") attractSince = ms;
      if (slides) {
        if (slides.hidden) slides.hidden = false;
        showSlides(slides, ms);
      }
    } else {
      attractSince = null;
      if (slides && !slides.hidden) slides.hidden = true;
    }
    if ((r.getAttribute("data-idle") || null) !== next) {
      if (next) r.setAttribute("data-idle", next);
      else r.removeAttribute("data-idle");
    }
    if (was === next) return;
    if (next === "asleep") pauseMedia();
    if (next === "asleep" || was === "asleep") tileRefresh(next !== "asleep");
    // staff see the change without waiting for the next beat
    if (window.kioskPage && window.kioskPage.heartbeatSoon) window.kioskPage.heartbeatSoon();
  }
  function tick() {
    if (!settings) return;
    var ms = Date.now();
    apply(decide(ms), ms);
    window.kioskAttract.lastTick = ms;
    // a page left running for most of a year asks for the coming holidays
    // again, while nobody looks
    var schedule = settings.schedule;
    if (state === "asleep" && schedule && !reloading && schedule.refresh_after) {
      var today = localParts(ms, settings.timezone || "Asia/Seoul").date;
      if (today >= schedule.refresh_after && !document.body.classList.contains("kiosk-is-offline")) {
        reloading = true;
        location.reload();
      }
    }
  }
  setInterval(tick, 1000);

  // ---- a touch on a sleeping screen or on the attract loop ----
  // It wakes the screen (or ends the loop) and nothing else: the touch's
  // click, wherever it lands once the cover is gone, is swallowed here before
  // the page's own handlers (window, capture) see it.
  // the event that woke the screen goes no further
  function wakeBy(event, ms) {
    event.preventDefault();
    event.stopImmediatePropagation();
    lastTouch = ms;
    if (window.kioskPage) window.kioskPage.markActivity();
    apply(null, ms);
  }
  function resting(target) {
    if (state === "asleep") return true;
    var slides = loop();
    return state === "attract" && slides && slides.contains(target);
  }
  window.addEventListener(
    "pointerdown",
    function (event) {
      var ms = Date.now();
      swallowUntil = 0; // a new touch is the visitor's own
      if (resting(event.target)) {
        swallowUntil = ms + 1500;
        wakeBy(event, ms);
        return;
      }
      lastTouch = ms;
    },
    true
  );
  ["pointerup", "mousedown", "mouseup", "touchend", "click"].forEach(function (name) {
    window.addEventListener(
      name,
      function (event) {
        if (Date.now() < swallowUntil) {
          if (event.cancelable) event.preventDefault();
          event.stopImmediatePropagation();
          if (name === "click") swallowUntil = 0;
        }
      },
      true
    );
  });
  window.addEventListener(
    "keydown",
    function (event) {
      var ms = Date.now();
      if (state) {
        // the first key wakes the screen (or ends the loop), as a touch would
        wakeBy(event, ms);
        return;
      }
      lastTouch = ms;
    },
    true
  );

  // what kiosk.js asks (the heartbeat, the idle reset) and tests read
  window.kioskAttract = {
    state: function () {
      return state;
    },
    lastTick: 0, // when the page last decided (tests wait on it)
  };

  window.dash_clientside = Object.assign({}, window.dash_clientside);
  window.dash_clientside.kiosk = Object.assign({}, window.dash_clientside.kiosk, {
    // the settings (with the schedule) change with a config edit or language
    attractFollow: function (screenSettings) {
      settings = screenSettings || null;
      tick();
    },
  });
})();
