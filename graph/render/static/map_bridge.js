/*
 * Tverrkart's editable map: tells the page holding the map what the user did on it.
 *
 * Runs inside the map page (after map.js) only when the app shows the map for editing
 * (pages/widgets/map_component.py puts it in; the exported file never has it). The map
 * page sits in a sandboxed frame (sandbox="allow-scripts", no same-origin), so this
 * script can reach nothing of the app: it can only post messages to its parent.
 *
 * It reads the map only through the test hook window.tverrkart (map.js: ready,
 * positions(), selection()) and two JSON blocks of the page: "tk-data" (the rings the
 * map is drawn with) and "tk-bridge-data" ({actors: ids of the case's actors, sectors:
 * [{key, start}] with each sector's first angle in degrees, counter-clockwise from
 * east, in drawing order, ghosts: {ghost node id: the missing catalogue type}}; the
 * person and the ghosts are not actors and are never reported as actors).
 *
 * Messages (the contract is graph/maps/events.py; Python checks every value again):
 *   {kind: "select_actor", id}                 a click on an actor
 *   {kind: "move_actor", id, ring, angle}      an actor dragged; ring 1|2|3 from its
 *                                              distance to the centre, null outside
 *   {kind: "add_actor", sector, ring}          a double click on an empty place
 *                                              (a single click turns on wheel zoom)
 *   {kind: "add_tie", from, to}                a shift-click on an actor (or the
 *                                              person) after a click on another
 *   {kind: "add_missing", type}                a click on a missing actor (a ghost):
 *                                              its catalogue type
 *   {kind: "png", data}                        the picture of the map («Last ned bilde
 *                                              (PNG)»: a data:image/png URL); the frame
 *                                              cannot download, so the host saves it
 *                                              (it never goes to Python)
 * No label or other text of the case is ever sent, only ids, rings and angles.
 *
 * From the host it takes one message, and only from its parent window:
 *   {kind: "tk-update", data, actors, sectors, ghosts}
 *                                              a changed page: data is the new page's
 *                                              MapPageData (map.js shows it with
 *                                              hook.update, keeping the network and the
 *                                              view), actors, sectors and ghosts as in
 *                                              "tk-bridge-data" (the layout sizes rings
 *                                              and sectors to the actors)
 */
(function () {
  "use strict";

  var hook = window.tverrkart;
  var container = document.getElementById("tk-map");
  var bridgeBlock = document.getElementById("tk-bridge-data");
  if (!hook || !container || !bridgeBlock || hook.error) {
    return;
  }
  var data = JSON.parse(document.getElementById("tk-data").textContent);
  var rings = data.guides ? data.guides.rings.slice(0, 3) : [];
  var bridgeData = JSON.parse(bridgeBlock.textContent);
  var sectors = bridgeData.sectors;
  var person = bridgeData.person;
  var actors = {};
  function setActors(ids) {
    actors = {};
    ids.forEach(function (id) {
      actors[id] = true;
    });
  }
  setActors(bridgeData.actors);
  var ghosts = isTypeMap(bridgeData.ghosts) ? bridgeData.ghosts : {};
  // The host may lay the frame out while it is still hidden: the map is then drawn and
  // fitted in a box of no size, and no resize event follows when it shows (the frame's
  // own size does not change). Fit it again when the map's box first gets a size.
  // vis-network resizes its canvas on its own, a moment later: fit once the canvas has
  // the box's size (looked at once a frame, for at most about a second). The map's box
  // then carries data-tk-shown="1" (tests wait for it before they point at a node).
  function fitWhenCanvasSized(framesLeft) {
    var canvas = container.querySelector("canvas");
    if (canvas && canvas.clientWidth === container.clientWidth && canvas.clientWidth > 0) {
      hook.fit();
      container.dataset.tkShown = "1";
    } else if (framesLeft > 0) {
      window.requestAnimationFrame(function () { fitWhenCanvasSized(framesLeft - 1); });
    } else {
      container.dataset.tkShown = "1";
    }
  }
  var sized = container.clientWidth > 0 && container.clientHeight > 0;
  if (sized) {
    container.dataset.tkShown = "1";
  }
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(function () {
      var now = container.clientWidth > 0 && container.clientHeight > 0;
      if (now && !sized) {
        container.dataset.tkShown = "0";
        fitWhenCanvasSized(60);
      }
      sized = now;
    }).observe(container);
  } else {
    container.dataset.tkShown = "1";
  }
  // A node counts as dragged when it moved at least this far (map units).
  var MOVED = 0.5;

  /**
   * The ring a point is nearest to: 1, 2 or 3, or null beyond half a ring's width
   * outside ring 3 (closeness unknown).
   * @param {number} distance from the centre, in map units
   * @returns {number|null}
   */
  function ringAt(distance) {
    if (rings.length < 3) {
      return null;
    }
    if (distance < (rings[0] + rings[1]) / 2) {
      return 1;
    }
    if (distance < (rings[1] + rings[2]) / 2) {
      return 2;
    }
    if (distance < rings[2] + (rings[2] - rings[1]) / 2) {
      return 3;
    }
    return null;
  }

  function post(message) {
    // The parent is the component host, which accepts messages from this frame only;
    // a sandboxed frame has no origin of its own to name, hence "*". Only ids go out.
    window.parent.postMessage(message, "*");
  }

  var before = null;
  var shift = false;
  // The actor (or the person) clicked last: a shift-click on another ties the two.
  var lastClicked = null;

  // While the map is presented (map_present.js) it is shown, not edited: nothing is sent.
  function presenting() {
    return !!hook.present && hook.present.active();
  }

  container.addEventListener("pointerdown", function (event) {
    before = hook.ready && !presenting() ? hook.positions() : null;
    shift = event.shiftKey === true;
  }, true);

  function afterPointer() {
    if (before === null) {
      return;
    }
    var start = before;
    before = null;
    // vis-network updates the selection in its own pointerup handler: read it after.
    window.setTimeout(function () {
      var now = hook.positions();
      var moved = Object.keys(now).filter(function (id) {
        var a = start[id];
        var b = now[id];
        return actors[id] === true && a && b && Math.hypot(a.x - b.x, a.y - b.y) >= MOVED;
      });
      if (moved.length > 0) {
        moved.forEach(function (id) {
          var p = now[id];
          var angle = Math.atan2(-p.y, p.x) * 180 / Math.PI;
          post({ kind: "move_actor", id: id, ring: ringAt(Math.hypot(p.x, p.y)), angle: angle });
        });
        return;
      }
      var selected = hook.selection().nodes;
      var id = selected.length === 1 ? selected[0] : null;
      var end = id !== null && (actors[id] === true || id === person);
      if (end && shift && lastClicked !== null && lastClicked !== id) {
        post({ kind: "add_tie", from: lastClicked, to: id });
        lastClicked = null;
        return;
      }
      lastClicked = end ? id : null;
      if (id !== null && actors[id] === true) {
        post({ kind: "select_actor", id: id });
      } else if (id !== null && !shift && Object.prototype.hasOwnProperty.call(ghosts, id)
          && start[id] && now[id]
          && Math.hypot(start[id].x - now[id].x, start[id].y - now[id].y) < MOVED) {
        // A click, not a drag, on a missing actor: offer to add one of its type.
        post({ kind: "add_missing", type: ghosts[id] });
      }
    }, 0);
  }
  window.addEventListener("pointerup", afterPointer);

  /**
   * The sector an angle falls in: the last sector (in drawing order, which runs
   * counter-clockwise) whose first angle it has passed, counted from the first sector.
   * @param {number} angle degrees, counter-clockwise from east
   * @returns {string|null}
   */
  function sectorAt(angle) {
    if (sectors.length === 0) {
      return null;
    }
    var first = sectors[0].start;
    var along = ((angle - first) % 360 + 360) % 360;
    var found = sectors[0].key;
    sectors.forEach(function (s) {
      if (((s.start - first) % 360 + 360) % 360 <= along) {
        found = s.key;
      }
    });
    return found;
  }

  container.addEventListener("dblclick", function (event) {
    if (!hook.ready || rings.length < 3 || presenting()) {
      return;
    }
    var selection = hook.selection();
    var canvas = container.querySelector("canvas");
    if (!canvas || selection.nodes.length > 0) {
      return;
    }
    var box = canvas.getBoundingClientRect();
    var view = hook.view();
    var x = (event.clientX - box.left - box.width / 2) / view.scale + view.x;
    var y = (event.clientY - box.top - box.height / 2) / view.scale + view.y;
    var distance = Math.hypot(x, y);
    // Near the person, or far beyond the rings, is no place for a new actor.
    if (distance < rings[0] / 2 || distance > rings[2] + 2 * (rings[2] - rings[1])) {
      return;
    }
    var sector = sectorAt(Math.atan2(-y, x) * 180 / Math.PI);
    if (sector !== null) {
      post({ kind: "add_actor", sector: sector, ring: ringAt(distance) });
    }
  });
  window.addEventListener("pointercancel", function () { before = null; });

  // ---- from the host: a changed page, shown in place --------------------------------

  function isSector(value) {
    return value !== null && typeof value === "object" && typeof value.key === "string"
      && typeof value.start === "number" && isFinite(value.start);
  }

  function isTypeMap(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value)
      && Object.keys(value).every(function (id) { return typeof value[id] === "string"; });
  }

  function isStringList(value) {
    return Array.isArray(value) && value.every(function (id) { return typeof id === "string"; });
  }

  window.addEventListener("message", function (event) {
    // Only the parent (the component host) may change the map; anything else, such as
    // another frame or this page itself, is ignored.
    if (event.source === null || event.source !== window.parent || event.source === window) {
      return;
    }
    var message = event.data;
    if (message === null || typeof message !== "object" || message.kind !== "tk-update") {
      return;
    }
    var next = message.data;
    var nextSectors = message.sectors;
    if (next === null || typeof next !== "object" || !isStringList(message.actors)
        || !Array.isArray(nextSectors) || !nextSectors.every(isSector)
        || !isTypeMap(message.ghosts)) {
      return;
    }
    if (hook.update(next)) {
      setActors(message.actors);
      sectors = nextSectors;
      ghosts = message.ghosts;
      rings = next.guides ? next.guides.rings.slice(0, 3) : [];
      lastClicked = null;
    }
  });

  // ---- the picture of the map: the host saves it ------------------------------------

  document.addEventListener("tk-png", function (event) {
    var url = event.detail && event.detail.data;
    if (typeof url === "string" && url.indexOf("data:image/png;base64,") === 0) {
      event.preventDefault();
      post({ kind: "png", data: url });
    }
  });
}());
