/*
 * The route's 3D map by buttons, and in high contrast.
 *
 * Buttons with data-view3d ("left", "right", "up", "down", "in", "out",
 * "reset") turn, tilt and zoom the map of the route screen
 * (.route-graph .js-plotly-plot) with Plotly.relayout of scene.camera: no
 * dragging needed (the keypad focuses and presses the same buttons). "reset"
 * goes back to the camera the figure came with (data-camera of the buttons'
 * group).
 *
 * When the root has mode-contrast, the figure's high-contrast variant
 * (layout.meta.view3d, from building_model/plotly_view.py) is applied: a
 * thicker, darker route, larger outlined markers, black floor names and
 * framed labels; without it, the figure's own colours come back.
 */
(function () {
  "use strict";

  var TURN = Math.PI / 6; // 30 degrees a press
  var TILT = Math.PI / 12; // 15 degrees a press
  var LOWEST = (5 * Math.PI) / 180;
  var HIGHEST = (85 * Math.PI) / 180;
  var ZOOM = 0.8;
  var NEAREST = 0.25;
  var FARTHEST = 8;

  function graph() {
    return document.querySelector(".route-graph .js-plotly-plot");
  }

  function vector(point) {
    return { x: Number(point.x) || 0, y: Number(point.y) || 0, z: Number(point.z) || 0 };
  }

  // the camera now (also while the visitor's finger turns it)
  function currentCamera(gd) {
    var scene = gd._fullLayout && gd._fullLayout.scene;
    if (!scene) return null;
    var live = scene._scene && scene._scene.getCamera && scene._scene.getCamera();
    var camera = live || scene.camera;
    return {
      eye: vector(camera.eye),
      center: vector(camera.center),
      up: vector(camera.up || { x: 0, y: 0, z: 1 }),
    };
  }

  function moved(camera, action) {
    var c = camera.center;
    var v = { x: camera.eye.x - c.x, y: camera.eye.y - c.y, z: camera.eye.z - c.z };
    var flat = Math.sqrt(v.x * v.x + v.y * v.y);
    var length = Math.sqrt(flat * flat + v.z * v.z) || 1;
    if (action === "left" || action === "right") {
      // the eye goes round the centre; the model seems to turn the other way
      var angle = action === "left" ? TURN : -TURN;
      var cos = Math.cos(angle);
      var sin = Math.sin(angle);
      v = { x: v.x * cos - v.y * sin, y: v.x * sin + v.y * cos, z: v.z };
    } else if (action === "up" || action === "down") {
      var rise = Math.atan2(v.z, flat) + (action === "up" ? TILT : -TILT);
      rise = Math.min(HIGHEST, Math.max(LOWEST, rise));
      var across = flat > 1e-6 ? { x: v.x / flat, y: v.y / flat } : { x: 0, y: -1 };
      v = {
        x: across.x * length * Math.cos(rise),
        y: across.y * length * Math.cos(rise),
        z: length * Math.sin(rise),
      };
    } else if (action === "in" || action === "out") {
      var scale = action === "in" ? ZOOM : 1 / ZOOM;
      var next = Math.min(FARTHEST, Math.max(NEAREST, length * scale));
      scale = next / length;
      v = { x: v.x * scale, y: v.y * scale, z: v.z * scale };
    }
    return {
      eye: { x: c.x + v.x, y: c.y + v.y, z: c.z + v.z },
      center: c,
      up: camera.up,
    };
  }

  function press(button) {
    var gd = graph();
    if (!gd || !window.Plotly) return;
    var action = button.getAttribute("data-view3d");
    var camera;
    if (action === "reset") {
      var group = button.closest("[data-camera]");
      try {
        camera = JSON.parse(group.getAttribute("data-camera"));
      } catch (error) {
        camera = null;
      }
    } else {
      var now = currentCamera(gd);
      camera = now && moved(now, action);
    }
    if (camera && camera.eye) window.Plotly.relayout(gd, { "scene.camera": camera });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-view3d]");
    if (button) press(button);
  });

  // ---- high contrast: the figure's own variant ----
  function contrastOn() {
    var root = document.getElementById("kiosk-root");
    return Boolean(root && root.classList.contains("mode-contrast"));
  }

  function applyPalette(gd) {
    var meta = gd.layout && gd.layout.meta && gd.layout.meta.view3d;
    if (!meta || !window.Plotly || !gd.data) return;
    var key = contrastOn() ? "contrast" : "normal";
    if (gd.__view3dPalette === key && gd.__view3dData === gd.data) return;
    gd.__view3dPalette = key;
    gd.__view3dData = gd.data;
    var palette = meta[key];
    var calls = [];
    Object.keys(palette.traces || {}).forEach(function (name) {
      var index = gd.data.findIndex(function (trace) {
        return trace.name === name;
      });
      if (index >= 0) calls.push([palette.traces[name], [index]]);
    });
    var labels = {};
    (palette.labels || []).forEach(function (changes, i) {
      Object.keys(changes).forEach(function (path) {
        labels["scene.annotations[" + i + "]." + path] = changes[path];
      });
    });
    var done = calls.reduce(function (previous, call) {
      return previous.then(function () {
        return window.Plotly.restyle(gd, call[0], call[1]);
      });
    }, Promise.resolve());
    done
      .then(function () {
        if (Object.keys(labels).length) return window.Plotly.relayout(gd, labels);
      })
      .then(function () {
        gd.setAttribute("data-palette", key);
      })
      .catch(function () {
        gd.__view3dPalette = null; // try again on the next look
      });
  }

  function look() {
    var gd = graph();
    if (!gd || !gd.on) return;
    if (!gd.__view3dHooked) {
      gd.__view3dHooked = true;
      // a new figure (another route, language or step-free) comes in normal
      gd.on("plotly_afterplot", function () {
        applyPalette(gd);
      });
    }
    applyPalette(gd);
  }

  function watchRoot() {
    var root = document.getElementById("kiosk-root");
    if (!root) {
      setTimeout(watchRoot, 200);
      return;
    }
    new MutationObserver(look).observe(root, {
      attributes: true,
      attributeFilter: ["class"],
    });
  }
  watchRoot();
  setInterval(look, 500);
})();
