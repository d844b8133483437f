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
 *
 * The figure carries a camera per orientation (meta.view3d.cameras, each
 * framing the route for a card of meta.view3d.aspects' width over height): a
 * new figure, and the card changing shape, take the nearer one; "reset" too.
 *
 * The walker (a dot, .route-walker, over the map) goes along
 * meta.view3d.walk from "you are here" to the door, again and again for
 * WALK_FOR_MS; it stands still at the start while <html> has motion-still
 * (assets/motion.js: the system's reduced motion, pause, voice guidance or
 * high contrast). The graph says which in data-walker: "moving", "still" or
 * "done".
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

  function meta(gd) {
    return (gd && gd.layout && gd.layout.meta && gd.layout.meta.view3d) || null;
  }

  // the figure's camera for a card of this shape: {name, camera}
  function fitted(gd) {
    var view = meta(gd);
    if (!view || !view.cameras || !view.aspects) return null;
    var rect = gd.getBoundingClientRect();
    if (!rect.width || !rect.height) return null;
    var aspect = rect.width / rect.height;
    var best = null;
    Object.keys(view.cameras).forEach(function (name) {
      var off = Math.abs(Math.log(aspect / view.aspects[name]));
      if (!best || off < best.off) best = { name: name, off: off };
    });
    return best && { name: best.name, camera: view.cameras[best.name] };
  }

  function frame(gd) {
    var fit = fitted(gd);
    if (!fit || !window.Plotly) return;
    // the same route again (another language): the visitor's turns stay
    var key = fit.name + "|" + JSON.stringify(meta(gd).cameras);
    if (gd.__view3dFrame === key) return;
    gd.__view3dFrame = key;
    var scene = gd.layout && gd.layout.scene;
    if (scene && JSON.stringify(scene.camera) === JSON.stringify(fit.camera)) {
      // drawn with it already (the figure's own camera is the portrait one):
      // no second drawing of the scene, which costs seconds without a GPU
      gd.setAttribute("data-framed", fit.name);
      return;
    }
    window.Plotly.relayout(gd, { "scene.camera": fit.camera }).then(function () {
      gd.setAttribute("data-framed", fit.name);
    });
  }

  function press(button) {
    var gd = graph();
    if (!gd || !window.Plotly) return;
    var action = button.getAttribute("data-view3d");
    var camera;
    if (action === "reset") {
      var fit = fitted(gd);
      var group = button.closest("[data-camera]");
      try {
        camera = fit ? fit.camera : JSON.parse(group.getAttribute("data-camera"));
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

  // ---- the walker ----
  // A dot over the map (not a trace: moving it redraws nothing), placed
  // where plotly itself would put the point: the scene's camera matrices
  // times the point scaled by the scene's dataScale, as annotations are.
  var WALK_MS = 7000; // start to door
  var REST_MS = 1500; // at the door before the next walk
  var WALK_FOR_MS = 25000; // three walks, then it rests at the door

  function still() {
    return document.documentElement.classList.contains("motion-still");
  }

  // the walk with its running length, cached per figure
  function walkOf(gd) {
    var view = meta(gd);
    if (!view || !view.walk || view.walk.length < 2) return null;
    if (gd.__walk && gd.__walk.points === view.walk) return gd.__walk;
    var lengths = [0];
    for (var i = 1; i < view.walk.length; i += 1) {
      var a = view.walk[i - 1];
      var b = view.walk[i];
      var d = Math.sqrt(
        (b[0] - a[0]) * (b[0] - a[0]) +
          (b[1] - a[1]) * (b[1] - a[1]) +
          (b[2] - a[2]) * (b[2] - a[2])
      );
      lengths.push(lengths[i - 1] + d);
    }
    gd.__walk = { points: view.walk, lengths: lengths, since: performance.now() };
    return gd.__walk;
  }

  function pointAt(walk, share) {
    var total = walk.lengths[walk.lengths.length - 1];
    var at = Math.min(1, Math.max(0, share)) * total;
    var i = 1;
    while (i < walk.lengths.length - 1 && walk.lengths[i] < at) i += 1;
    var a = walk.points[i - 1];
    var b = walk.points[i];
    var piece = walk.lengths[i] - walk.lengths[i - 1] || 1;
    var t = Math.min(1, Math.max(0, (at - walk.lengths[i - 1]) / piece));
    return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
  }

  function times(matrix, v) {
    var out = [0, 0, 0, 0];
    for (var n = 0; n < 4; n += 1) {
      for (var a = 0; a < 4; a += 1) out[a] += matrix[4 * n + a] * v[n];
    }
    return out;
  }

  // pixels from the graph's top left, or null when it cannot be placed
  function onScreen(gd, p) {
    var scene = gd._fullLayout && gd._fullLayout.scene && gd._fullLayout.scene._scene;
    var camera = scene && scene.glplot && scene.glplot.cameraParams;
    if (!camera || !scene.dataScale) return null;
    var s = scene.dataScale;
    var v = times(
      camera.projection,
      times(camera.view, times(camera.model, [p[0] * s[0], p[1] * s[1], p[2] * s[2], 1]))
    );
    if (v[3] <= 0) return null;
    var size = gd._fullLayout;
    return [0.5 * (1 + v[0] / v[3]) * size.width, 0.5 * (1 - v[1] / v[3]) * size.height];
  }

  function walker(gd) {
    var dot = gd.parentNode.querySelector(".route-walker");
    if (!dot) {
      dot = document.createElement("div");
      dot.className = "route-walker";
      dot.setAttribute("aria-hidden", "true");
      gd.parentNode.appendChild(dot);
    }
    return dot;
  }

  function walk() {
    var gd = graph();
    var path = gd && walkOf(gd);
    if (!path) return;
    var now = performance.now();
    var elapsed = now - path.since;
    var state;
    var share;
    if (still()) {
      state = "still";
      share = 0;
      path.since = now; // walking resumes from the start
    } else if (elapsed > WALK_FOR_MS) {
      state = "done";
      share = 1;
    } else {
      state = "moving";
      share = (elapsed % (WALK_MS + REST_MS)) / WALK_MS;
    }
    var dot = walker(gd);
    var at = onScreen(gd, pointAt(path, share));
    if (dot.hidden !== !at) dot.hidden = !at;
    if (at) {
      var place = "translate(" + at[0].toFixed(1) + "px, " + at[1].toFixed(1) + "px)";
      if (dot.style.transform !== place) dot.style.transform = place;
    }
    if (gd.getAttribute("data-walker") !== state) gd.setAttribute("data-walker", state);
  }

  // a dozen steps a second is smooth enough and spares a GPU-less kiosk the
  // redrawing of every frame
  var STEP_MS = 100;
  var lastStep = 0;
  function frameLoop(now) {
    try {
      if (now - lastStep >= STEP_MS) {
        lastStep = now;
        walk();
      }
    } finally {
      window.requestAnimationFrame(frameLoop);
    }
  }

  function look() {
    var gd = graph();
    if (!gd || !gd.on) return;
    if (!gd.__view3dHooked) {
      gd.__view3dHooked = true;
      // a new figure (another route, language or step-free) comes in normal
      gd.on("plotly_afterplot", function () {
        applyPalette(gd);
        frame(gd);
      });
    }
    applyPalette(gd);
    frame(gd);
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
  window.requestAnimationFrame(frameLoop);
  window.addEventListener("resize", function () {
    var gd = graph();
    if (gd) gd.__view3dFrame = null;
    look();
  });
})();
