/*
 * Voice guidance (음성 안내): when the mode is on, every focus move says the
 * focused control, every screen change says the screen's heading and what
 * can be done there, and live regions say what changed, in the visitor's
 * language, from clips the scheduler made ahead (kiosk_app/voice).
 *
 * No speech service of the OS is needed: the page fetches each language's
 * index of clips (text -> key) and plays /_kiosk/voice/<lang>/<key>.mp3.
 * A text with no clip yet gets a low tone at once and is asked for; it is
 * said as soon as the scheduler has made it, unless the visitor moved on.
 * A short tone acknowledges every key press (config: voice.tone_on_keys).
 *
 * Names are read the way kiosk_app/voice/corpus.py reads them from the
 * layouts: data-say, else aria-label, else the text inside, leaving out parts
 * that are hidden or in another language.
 */
(function () {
  "use strict";

  var settings = null; // the screen settings (voice: keys, words, screens...)
  var lang = null;
  var on = false;
  var view = null;
  var indexes = {}; // lang -> {text: key}, fetched when needed
  var loading = {};
  var audio = new Audio();
  audio.preload = "auto";
  var volume = null;
  var rate = null;
  var turn = 0; // each new utterance cancels the one before
  var quiet = null; // the element whose next focus is not said (restored focus)
  var liveSaid = {}; // what each live region said last
  var log = []; // what was said, for staff and tests: {text, lang, clip, at}
  var pressedAt = null;
  var timings = []; // ms from a key press to its clip playing

  function voice() {
    return (settings && settings.voice) || {};
  }
  function word(name) {
    return (voice().words || {})[name] || "";
  }
  function base() {
    return window.kioskPage.basePath().replace(/\/$/, "") + (voice().clips || "/_kiosk/voice/");
  }
  function normalized(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  // ---- names, as kiosk_app/voice/corpus.py reads them ----
  function codeOf(tag) {
    var tags = (settings && settings.html_lang) || {};
    var found = Object.keys(tags).filter(function (code) {
      return tags[code] === tag;
    })[0];
    return found || lang;
  }
  function pageTag() {
    return ((settings && settings.html_lang) || {})[lang] || lang;
  }
  function skipped(el, tag) {
    if (el.hidden || el.getAttribute("aria-hidden") === "true") return true;
    var own = el.getAttribute("lang");
    return Boolean(own) && own !== tag;
  }
  function textOf(el, tag) {
    var pieces = [];
    (function walk(node, top) {
      if (node.nodeType === 3) {
        pieces.push(node.nodeValue);
        return;
      }
      if (node.nodeType !== 1 || (!top && skipped(node, tag))) return;
      if (node.tagName === "IMG") {
        pieces.push(node.getAttribute("alt") || "");
        return;
      }
      node.childNodes.forEach(function (child) {
        walk(child, false);
      });
    })(el, true);
    return normalized(pieces.join(" "));
  }
  function nameOf(el) {
    var said = el.getAttribute("data-say") || el.getAttribute("aria-label");
    if (said) return normalized(said);
    return textOf(el, el.getAttribute("lang") || pageTag());
  }
  function langOf(el) {
    var own = el.getAttribute("lang");
    return own ? codeOf(own) : lang;
  }
  function stateOf(el) {
    if (el.getAttribute("aria-pressed") === "true") return word("on");
    if (el.getAttribute("aria-pressed") === "false") return word("off");
    if (el.getAttribute("aria-selected") === "true") return word("selected");
    return "";
  }

  // ---- clips ----
  function index(code) {
    if (indexes[code]) return Promise.resolve(indexes[code]);
    if (!loading[code]) {
      loading[code] = fetch(base() + code + "/index.json", { cache: "no-cache" })
        .then(function (response) {
          return response.ok ? response.json() : {};
        })
        .catch(function () {
          return {};
        })
        .then(function (found) {
          indexes[code] = found || {};
          delete loading[code];
          return indexes[code];
        });
    }
    return loading[code];
  }
  function clipURL(code, key) {
    return base() + code + "/" + key + ".mp3";
  }

  // a clip not made yet: asked for, then waited on while it is still wanted
  function fetchClip(code, text, mine) {
    var url = base() + code + "/ask?text=" + encodeURIComponent(text);
    return new Promise(function (resolve) {
      var tries = 0;
      (function ask() {
        if (mine !== turn) return resolve(null);
        fetch(url, { cache: "no-store" })
          .then(function (response) {
            return response.status === 200 ? response.json() : null;
          })
          .catch(function () {
            return null;
          })
          .then(function (answer) {
            if (answer && answer.key) {
              (indexes[code] = indexes[code] || {})[text] = answer.key;
              return resolve(answer.key);
            }
            tries += 1;
            if (tries > 12 || mine !== turn) return resolve(null);
            setTimeout(ask, 700);
          });
      })();
    });
  }

  function play(url, mine) {
    return new Promise(function (resolve) {
      if (mine !== turn) return resolve();
      var done = function () {
        audio.removeEventListener("ended", done);
        audio.removeEventListener("error", done);
        audio.removeEventListener("pause", done);
        resolve();
      };
      audio.addEventListener("ended", done);
      audio.addEventListener("error", done);
      audio.addEventListener("pause", done);
      audio.src = url;
      audio.volume = volume;
      audio.playbackRate = rate;
      audio.play().catch(done);
    });
  }

  var played = []; // the clips heard, by address
  audio.addEventListener("playing", function () {
    played.push(audio.src);
    if (pressedAt !== null) {
      timings.push(performance.now() - pressedAt);
      pressedAt = null;
    }
  });

  // say ``items`` ([{text, lang}]) one after another, cancelling what was said
  function say(items) {
    turn += 1;
    var mine = turn;
    audio.pause();
    items = items.filter(function (item) {
      return normalized(item.text);
    });
    return items.reduce(function (before, item) {
      return before.then(function () {
        if (mine !== turn) return null;
        var text = normalized(item.text);
        var code = item.lang || lang;
        if (item.url) {
          // audio made ahead for these words (a route's spoken directions)
          log.push({ text: text, lang: code, clip: true, at: Date.now() });
          return play(item.url, mine);
        }
        return index(code).then(function (found) {
          if (mine !== turn) return null;
          var key = found[text];
          log.push({ text: text, lang: code, clip: Boolean(key), at: Date.now() });
          if (key) return play(clipURL(code, key), mine);
          tone(220, 0.12); // heard at once: something is there, its words follow
          return fetchClip(code, text, mine).then(function (made) {
            if (made && mine === turn) return play(clipURL(code, made), mine);
            return null;
          });
        });
      });
    }, Promise.resolve());
  }

  // ---- tones (Web Audio; no file) ----
  var context = null;
  function tone(hz, seconds) {
    try {
      context = context || new (window.AudioContext || window.webkitAudioContext)();
      var osc = context.createOscillator();
      var gain = context.createGain();
      osc.frequency.value = hz;
      gain.gain.value = 0.15 * (volume === null ? 0.8 : volume);
      osc.connect(gain).connect(context.destination);
      osc.start();
      osc.stop(context.currentTime + seconds);
    } catch (err) {}
  }

  // ---- the earphone jack, when the config names its output ----
  function chooseOutput() {
    var wanted = (voice().output_device || "").toLowerCase();
    if (!wanted || !audio.setSinkId || !navigator.mediaDevices) return;
    navigator.mediaDevices
      .enumerateDevices()
      .then(function (devices) {
        var found = devices.filter(function (d) {
          return d.kind === "audiooutput" && d.label.toLowerCase().indexOf(wanted) >= 0;
        })[0];
        if (found) return audio.setSinkId(found.deviceId);
        return null;
      })
      .catch(function () {});
  }

  // ---- what is said when ----
  function screenItems(el) {
    var items = [];
    if (el) items.push({ text: nameOf(el), lang: langOf(el) });
    var described = (voice().screens || {})[view];
    if (described) items.push({ text: described });
    // the screen's own summary (a route in words), from its audio when made
    var summary = document.querySelector("#kiosk-page [data-screen-summary]");
    if (summary) {
      var audioId = summary.getAttribute("data-summary-audio");
      var made = audioId ? document.getElementById(audioId) : null;
      var src = made && made.getAttribute("src");
      items.push({ text: textOf(summary, pageTag()), url: src || null });
    }
    return items;
  }
  function focusItems(el) {
    var items = [];
    var dialog = el.closest ? el.closest("[role=alertdialog]") : null;
    if (dialog) {
      // the dialog's title and description first ("10초 후 처음 화면으로 …")
      ["aria-labelledby", "aria-describedby"].forEach(function (name) {
        var part = document.getElementById(dialog.getAttribute(name) || "");
        if (part) items.push({ text: nameOf(part) });
      });
    }
    items.push({ text: nameOf(el), lang: langOf(el) });
    var state = stateOf(el);
    if (state) items.push({ text: state });
    return items;
  }

  // the control focused last and its state, to tell a toggle's new state
  var lastFocus = { id: null, state: "" };
  document.addEventListener("focusin", function (event) {
    var el = event.target;
    var before = lastFocus;
    lastFocus = { id: el.id || null, state: stateOf(el) };
    if (el === quiet) {
      quiet = null;
      // the same control drawn anew: only its new state is news (a switch pressed)
      var toggled = before.id && before.id === el.id && before.state !== lastFocus.state;
      if (on && toggled && lastFocus.state) say([{ text: lastFocus.state }]);
      return;
    }
    quiet = null;
    if (on && el && el !== document.body) say(focusItems(el));
  });

  // a switch pressed and kept on the page: its new state
  new MutationObserver(function (records) {
    var el = document.activeElement;
    if (!on || !el) return;
    var changed = records.some(function (record) {
      return record.target === el;
    });
    var state = stateOf(el);
    if (changed && state && state !== lastFocus.state) {
      lastFocus.state = state;
      say([{ text: state }]);
    }
  }).observe(document.documentElement, {
    attributes: true,
    subtree: true,
    attributeFilter: ["aria-pressed", "aria-selected"],
  });

  document.addEventListener(
    "pointerdown",
    function () {
      if (on && voice().tone_on_touch) tone(660, 0.05);
    },
    true
  );

  // live regions on the page: what changed is said after what is being said
  function liveRegions() {
    var live = "#kiosk-page [aria-live], #kiosk-page [role=status], #kiosk-page [role=alert]";
    return Array.from(document.querySelectorAll(live));
  }
  function rememberLive() {
    liveSaid = {};
    liveRegions().forEach(function (el, i) {
      liveSaid[el.id || i] = textOf(el, pageTag());
    });
  }
  new MutationObserver(function () {
    if (!on) return;
    liveRegions().forEach(function (el, i) {
      var key = el.id || i;
      var text = textOf(el, pageTag());
      if (text && liveSaid[key] !== undefined && liveSaid[key] !== text) {
        var mine = turn;
        Promise.resolve().then(function () {
          // after the key's own words, when nothing newer was asked
          if (mine === turn) say([{ text: text }]);
        });
      }
      liveSaid[key] = text;
    });
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });

  function start() {
    volume = volume === null ? Number(voice().volume) || 0.8 : volume;
    rate = rate === null ? Number(voice().rate) || 1 : rate;
    chooseOutput();
    rememberLive();
    var heading = document.querySelector("#kiosk-page h1");
    var focused = document.activeElement;
    var items = [{ text: word("started") }].concat(screenItems(heading));
    if (focused && focused !== document.body && focused !== heading) {
      items = items.concat(focusItems(focused));
    }
    say(items);
  }

  window.kioskVoice = {
    log: log,
    played: played,
    timings: timings,
    say: say,
    follow: function (newView, newLang, access, newSettings) {
      settings = newSettings;
      view = newView;
      if (newLang !== lang) indexes = {};
      lang = newLang;
      var wanted = Boolean(access && access.voice);
      if (wanted && !on) {
        on = true;
        index(lang).then(start);
      } else if (!wanted && on) {
        on = false;
        say([{ text: word("stopped") }]);
        volume = null;
        rate = null;
      }
    },
    // the screen ``newView`` is drawn and its heading focused
    screen: function (newView, heading) {
      view = newView;
      rememberLive();
      if (on) say(screenItems(heading));
    },
    quietNext: function (el) {
      quiet = el;
    },
    pressed: function () {
      pressedAt = performance.now();
      if (voice().tone_on_keys) tone(880, 0.04);
    },
    nothing: function () {
      tone(220, 0.15);
    },
    help: function () {
      var heading = document.querySelector("#kiosk-page h1");
      say([{ text: word("help") }].concat(screenItems(heading)));
    },
    volume: function (by) {
      if (!on) return;
      volume = Math.min(1, Math.max(0.1, Math.round((volume + by * 0.1) * 10) / 10));
      say([{ text: word(by > 0 ? "louder" : "quieter") }]);
    },
    rate: function (by) {
      if (!on) return;
      rate = Math.min(2, Math.max(0.5, rate + by * 0.25));
      say([{ text: word(by > 0 ? "faster" : "slower") }]);
    },
    state: function () {
      return { on: on, volume: volume, rate: rate, lang: lang };
    },
  };
})();
