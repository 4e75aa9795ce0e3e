/*
 * Tverrkart's presentation mode: the map full screen, revealed step by step, for a
 * meeting or a workshop in front of a projector.
 *
 * Loaded after map.js, only on a map whose page data has a presentation
 * (MapPageData.present, built in Python: graph/maps/presentation.py decides which node
 * and which tie appears at which step; this script only follows the steps). It reads
 * the map only through map.js's hook window.tverrkart (presentation, reveal, labelScale,
 * fit, focus, view) and adds the sub-object window.tverrkart.present (PresentHook
 * below) for tests and benchmarks; it makes no global of its own.
 *
 * «Presenter» shows #tk-frame full screen (requestFullscreen); where full screen is not
 * allowed (a frame without allow="fullscreen") the frame fills the window as a fixed
 * overlay instead. Keys: → Space PageDown next, ← PageUp back, Home first, End last,
 * Esc leaves. Text goes in only through textContent.
 *
 * Each step sets the labels' size (PresentStep.labelScale) and the view: a step with
 * `focus` ids zooms in on those nodes (at most MAX_ZOOM times the whole map's fitted
 * scale), the others show the whole map as fitted. The view is set again when
 * the frame changes size (full screen, window), after map.js has fitted it.
 */

/**
 * The presentation's part of the test hook: window.tverrkart.present.
 *
 * @typedef {Object} PresentHook
 * @property {function(): boolean} active whether the map is being presented
 * @property {function(): string|null} mode "fullscreen", "overlay", or null when not
 *   presenting
 * @property {function(): number} step the step shown (1-based), 0 when not presenting
 * @property {function(): number} steps how many steps there are
 * @property {function(): string} caption the caption shown («Trinn 3 av 7: …»)
 * @property {function(): void} start starts presenting at step 1 (as «Presenter»)
 * @property {function(number): void} go shows step n (clamped to 1 … steps)
 * @property {function(): void} stop leaves, showing the whole map as before
 */

(function () {
  "use strict";

  var hook = window.tverrkart;
  var button = document.getElementById("tk-present");
  var bar = document.getElementById("tk-present-bar");
  var frame = document.getElementById("tk-frame");
  if (!hook || !button || !bar || !frame) {
    return;
  }
  if (!hook.presentation()) {
    button.hidden = true;  // the map could not be drawn
    return;
  }
  var caption = document.getElementById("tk-present-caption");
  var prevButton = document.getElementById("tk-present-prev");
  var nextButton = document.getElementById("tk-present-next");
  var exitButton = document.getElementById("tk-present-exit");

  /** @type {PresentStep[]} */
  var steps = [];
  var shownNodes = [];  // shownNodes[n - 1]: the ids shown at step n (steps 1 … n)
  var shownEdges = [];
  var labelScale = 1;  // the label scale set now
  var MAX_ZOOM = 3;

  function takeSteps() {
    // The steps as the page data has them now (an in-place update may change them).
    var present = hook.presentation();
    steps = present ? present.steps : [];
    shownNodes = [];
    shownEdges = [];
    var nodesSoFar = [];
    var edgesSoFar = [];
    steps.forEach(function (step) {
      nodesSoFar = nodesSoFar.concat(step.nodes);
      edgesSoFar = edgesSoFar.concat(step.edges.map(function (i) { return "e" + i; }));
      shownNodes.push(nodesSoFar);
      shownEdges.push(edgesSoFar);
    });
  }

  var current = 0;  // the step shown, 0 when not presenting
  var mode = null;  // "fullscreen" | "overlay" | null

  function isFullscreen() {
    return document.fullscreenElement === frame;
  }

  function setScale(scale) {
    if (scale !== labelScale) {
      labelScale = scale;
      hook.labelScale(scale);
    }
  }

  function place() {
    // The view of the step shown: the whole map, or zoomed in on what it shows so far.
    var step = steps[current - 1];
    hook.fit();
    if (step.focus.length) {
      hook.focus(step.focus, hook.view().scale * MAX_ZOOM);
    }
  }

  function show(n) {
    var step = Math.min(Math.max(Math.round(n) || 1, 1), steps.length);
    current = step;
    setScale(steps[step - 1].labelScale);
    hook.reveal(shownNodes[step - 1], shownEdges[step - 1], steps[step - 1].highlight);
    place();
    caption.textContent = "Trinn " + step + " av " + steps.length + ": " + steps[step - 1].title;
    prevButton.disabled = step === 1;
    nextButton.disabled = step === steps.length;
  }

  function leaveFullscreen() {
    // map.js may have asked already (its Esc): a second request then fails, harmlessly.
    document.exitFullscreen().catch(function () { return undefined; });
  }

  function overlay() {
    mode = "overlay";
    frame.classList.add("tk-overlay");
    place();
  }

  function start() {
    if (current !== 0 || !hook.ready) {
      return;
    }
    takeSteps();
    if (!steps.length) {
      return;
    }
    frame.classList.add("tk-presenting");
    bar.hidden = false;
    show(1);
    if (frame.requestFullscreen && document.fullscreenEnabled) {
      mode = "fullscreen";
      frame.requestFullscreen().then(function () {
        if (current === 0 && isFullscreen()) {
          leaveFullscreen();  // left before the screen was taken
        }
      }, function () {
        if (current !== 0) {
          overlay();
        }
      });
    } else {
      overlay();
    }
    (nextButton.disabled ? exitButton : nextButton).focus({ preventScroll: true });
  }

  function stop() {
    if (current === 0) {
      return;
    }
    current = 0;
    var was = mode;
    mode = null;
    hook.reveal(null, null, null);
    setScale(1);
    frame.classList.remove("tk-presenting", "tk-overlay");
    bar.hidden = true;
    caption.textContent = "";
    if (was === "fullscreen" && isFullscreen()) {
      leaveFullscreen();  // map.js fits the view again when it has left
    } else {
      hook.fit();
    }
    button.focus({ preventScroll: true });
  }

  button.addEventListener("click", start);
  prevButton.addEventListener("click", function () { show(current - 1); });
  nextButton.addEventListener("click", function () { show(current + 1); });
  exitButton.addEventListener("click", stop);

  document.addEventListener("fullscreenchange", function () {
    // Esc in full screen is the browser's: it leaves full screen, so the presentation ends.
    if (current !== 0 && mode === "fullscreen" && !isFullscreen()) {
      stop();
    } else if (current !== 0) {
      place();  // map.js has just fitted the whole map to the new size
    }
  });

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    // map.js fits the whole map 150 ms after the last resize; the step's view follows.
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      if (current !== 0) {
        place();
      }
    }, 200);
  });

  var KEYS = {
    ArrowRight: function () { show(current + 1); },
    " ": function () { show(current + 1); },
    PageDown: function () { show(current + 1); },
    ArrowLeft: function () { show(current - 1); },
    PageUp: function () { show(current - 1); },
    Home: function () { show(1); },
    End: function () { show(steps.length); },
    Escape: stop
  };

  document.addEventListener("keydown", function (event) {
    if (current === 0 || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var action = Object.prototype.hasOwnProperty.call(KEYS, event.key) ? KEYS[event.key] : null;
    if (action) {
      event.preventDefault();  // Space must not also press the focused button
      action();
    }
  });

  /** @type {PresentHook} */
  hook.present = {
    active: function () { return current !== 0; },
    mode: function () { return mode; },
    step: function () { return current; },
    steps: function () {
      if (current === 0) {
        takeSteps();
      }
      return steps.length;
    },
    caption: function () { return caption.textContent; },
    start: start,
    go: function (n) {
      if (current !== 0) {
        show(n);
      }
    },
    stop: stop
  };
}());
