/*
 * The visitor's modes: the access bar's switches (voice guidance, lower
 * screen, text size, high contrast, pause) and their clientside callbacks.
 * The modes live in the kiosk-access store; the page's root carries one class
 * per mode that is on ("mode-low", "mode-text mode-text-200"), which the style
 * sheets and the other scripts follow. Loaded before kiosk.js: what it shares
 * (window.kioskPage) is looked up when a callback runs.
 */
(function () {
  "use strict";

  // the text switch goes round these levels, one step a tap (0: off)
  var TEXT_LEVELS = [0, 150, 200];

  // the root's classes for the modes in ``access``: {low: true} -> "mode-low",
  // {text: 200} -> "mode-text mode-text-200"; false, 0 and null add nothing
  function modeClasses(access) {
    var classes = ["kiosk"];
    Object.keys(access || {})
      .sort()
      .forEach(function (key) {
        var value = access[key];
        if (!value) return;
        classes.push("mode-" + key);
        if (value !== true) classes.push("mode-" + key + "-" + value);
      });
    return classes.join(" ");
  }

  // the next value of mode ``key`` after a tap on its switch
  function nextValue(key, value) {
    if (key === "text") {
      var at = TEXT_LEVELS.indexOf(Number(value) || 0);
      return TEXT_LEVELS[(at + 1) % TEXT_LEVELS.length];
    }
    return !value;
  }

  // with larger text the switches stay fixed at the foot of the screen: the
  // footer keeps their height free below the notices (--kiosk-bar-height,
  // kiosk.css), measured again whenever the bar changes size
  var watchedBar = null;
  function watchBar() {
    var bar = document.getElementById("kiosk-access-bar");
    if (!bar || bar === watchedBar || !window.ResizeObserver) return;
    watchedBar = bar;
    new ResizeObserver(function () {
      var footer = bar.closest("footer");
      if (footer) footer.style.setProperty("--kiosk-bar-height", bar.offsetHeight + "px");
    }).observe(bar);
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside);
  window.dash_clientside.kiosk = Object.assign({}, window.dash_clientside.kiosk, {
    toggleAccess: function (clicks, access) {
      var page = window.kioskPage;
      var id = page.tapped();
      if (!id) return page.noUpdate();
      var next = Object.assign({}, access || {});
      next[id.value] = nextValue(id.value, next[id.value]);
      return next;
    },
    accessClasses: function (access) {
      watchBar();
      return modeClasses(access);
    },
    // each switch's aria-pressed, in the order of the bar (also after the bar
    // is drawn again in another language)
    accessPressed: function (access) {
      var outputs = window.dash_clientside.callback_context.outputs_list || [];
      return outputs.map(function (output) {
        return access && access[output.id.value] ? "true" : "false";
      });
    },
    // the screen's settings the modes' style follows: where the lower screen
    // starts (a fraction of the height, screen.low_reach_top in config.yaml)
    accessStyle: function (settings) {
      var top = settings && settings.low_reach_top;
      if (typeof top !== "number") return {};
      return { "--kiosk-low-top": Math.round(top * 1000) / 10 + "vh" };
    },
  });
})();
