/*
 * The visitor's modes (lower screen, larger text, and the others the access
 * bar offers): the switches' clientside callbacks. The modes live in the
 * kiosk-access store; the page's root carries one class per mode that is on
 * ("mode-low", "mode-text-200"), which the style sheets and the other scripts
 * follow. Loaded before kiosk.js: what it shares (window.kioskPage) is looked
 * up when a callback runs.
 */
(function () {
  "use strict";

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

  window.dash_clientside = Object.assign({}, window.dash_clientside);
  window.dash_clientside.kiosk = Object.assign({}, window.dash_clientside.kiosk, {
    toggleAccess: function (clicks, access) {
      var page = window.kioskPage;
      var id = page.tapped();
      if (!id) return page.noUpdate();
      var next = Object.assign({}, access || {});
      next[id.value] = !next[id.value];
      return next;
    },
    accessClasses: modeClasses,
  });
})();
