/*
 * Tverrkart's network map: draws one map page's data with vis-network 9.1.2.
 *
 * Loaded after vis-network: from the app's static folder (/app/static/map/map.js) or
 * inlined into an exported file. It reads the page's one JSON data block (the script
 * element of type application/json with id "tk-data"), whose shape is MapPageData below.
 * Python writes it (graph/render/page.py); tests/test_render.py checks that the
 * typedefs here name the same fields as the Python types.
 *
 * Text reaches the page only through textContent and canvas fillText (vis-network
 * shows tooltips with innerText), never as HTML. The script's only global is
 * window.tverrkart (MapHook below): what tests and benchmarks may read.
 */

/**
 * @typedef {Object} MapPageData
 * @property {NodeData[]} nodes vis-network nodes (plus group, kept by this script)
 * @property {EdgeData[]} edges vis-network edges (plus group, kept by this script)
 * @property {string[]} groups names of the groups; an item's group is an index here
 * @property {Object} options vis-network options (physics off, straight edges)
 * @property {Guides|null} guides rings and sector lines, or null for none
 * @property {string[]} highlighted ids of nodes drawn with a highlight ring
 * @property {string[]} labelInside shapes whose label sits inside the node
 * @property {LegendEntry[]} legend what legend line i selects
 * @property {boolean} dense many nodes: labels only when zoomed in enough to read
 * @property {string} font the font stack of labels drawn on the canvas
 * @property {number|null} labelSize label font size in map units (labels zoom with the
 *   map, the layout kept them apart at this size), or null: labels one size on screen
 * @property {Presentation|null} present the presentation mode (map_present.js), or null
 */

/**
 * @typedef {Object} NodeData
 * @property {string} id
 * @property {string} label
 * @property {string} shape
 * @property {number} x
 * @property {number} y
 * @property {NodeColor} color
 * @property {number} size
 * @property {string} [title] plain text; "\n" starts a line
 * @property {number} [borderWidth]
 * @property {Object} [shapeProperties]
 * @property {Object} [font]
 * @property {number} [group] index into MapPageData.groups
 */

/**
 * @typedef {Object} NodeColor
 * @property {string} background
 * @property {string} border
 */

/**
 * @typedef {Object} EdgeData
 * @property {string} from
 * @property {string} to
 * @property {string} color
 * @property {number} width
 * @property {string} [arrows]
 * @property {number[]} [dashes]
 * @property {string} [label]
 * @property {string} [title]
 * @property {number} [group] index into MapPageData.groups
 * @property {Object} [smooth] a curved edge: {enabled, type: "curvedCW"|"curvedCCW", roundness}
 */

/**
 * @typedef {Object} Guides
 * @property {number[]} rings radii around (0, 0)
 * @property {Sector[]} sectors
 * @property {number} labelOffsetDeg sector labels sit this far after their border
 * @property {number} outer radius holding every ring and node: where labels go
 */

/**
 * @typedef {Object} Sector
 * @property {number} angle degrees, 0 = east, counter-clockwise
 * @property {string} label
 */

/**
 * @typedef {Object} LegendEntry
 * @property {string} kind "node" or "edge"
 * @property {number|null} group index into MapPageData.groups; null selects nothing
 */

/**
 * @typedef {Object} Presentation
 * @property {PresentStep[]} steps in order; each node and edge appears at exactly one
 */

/**
 * @typedef {Object} PresentStep
 * @property {string} title plain text («Familie»)
 * @property {string[]} nodes ids of the nodes that appear at this step
 * @property {number[]} edges indexes of the edges (edge i is "e" + i) that appear here
 * @property {string[]} highlight ids ringed while this step is shown
 * @property {string[]} focus ids the view zooms in on (empty: the whole map)
 * @property {number} labelScale node labels are drawn this many times their size
 */

/**
 * The test hook, window.tverrkart: the one thing of this page that tests and
 * benchmarks read. Its methods may be called once `ready` is true.
 *
 * @typedef {Object} MapHook
 * @property {boolean} ready true from the end of the first draw
 * @property {number|null} readyAt performance.now() at the end of the first draw
 * @property {string|null} error why the map cannot be drawn, or null
 * @property {boolean} dense whether the map is drawn in dense mode
 * @property {function(): HookNode[]} nodes the nodes as given (not as dragged)
 * @property {function(): HookEdge[]} edges the edges, with their ids "e0", "e1", …
 * @property {function(): Object<string, {x: number, y: number}>} positions drawn positions
 * @property {function(): string[]} highlighted ids of the nodes with a highlight ring
 * @property {function(): {nodes: string[], edges: string[]}} selection what is selected
 * @property {function(): {x: number, y: number, scale: number, labelSize: number|null}} view
 *   view centre and scale; labelSize is the label font size (map units) set by fitting,
 *   times hook.labelScale's factor (null in dense mode, where labels keep their size)
 * @property {function(string): {x: number, y: number}} domPoint where a node's centre is
 *   on screen, in CSS pixels from the top left corner of the map's canvas
 * @property {function(string): {x: number, y: number}} isolate moves a node to an empty
 *   place far from the others, centres the view on it and returns its domPoint (so a
 *   test can hover it without neighbours' labels in the way)
 * @property {function(): boolean} zoomActive whether the mouse wheel zooms the map (after
 *   a click in the map; a click outside it, Esc or leaving the page turns it off)
 * @property {function(): void} fit fits the view to the map, as the «Tilpass» button does
 * @property {function(): boolean} fullscreen whether the map fills the screen
 * @property {function(?string[], ?string[], ?string[]): void} reveal shows only the nodes
 *   and edges with these ids (null: all) and rings these ids instead of the page's
 *   highlighted ones (null: the page's), by DataSet updates (the network stays)
 * @property {function(): {nodes: string[], edges: string[]}} visible what is not hidden
 * @property {function(number): void} labelScale draws labels this many times their size
 * @property {function(string[], number): void} focus fits the view to these nodes with
 *   their labels (vis-network's fit), zooming in at most to the given scale; sector
 *   labels are then drawn inside the view (until the next fit of the whole map)
 * @property {number|null} drawnAt performance.now() at the end of the last draw
 * @property {function(): Presentation|null} presentation the page's presentation steps
 *   as the page data has them now (an in-place update may change them), or null
 * @property {PresentHook|null} present the presentation mode (set by map_present.js,
 *   whose PresentHook typedef documents it), or null
 * @property {function(MapPageData): boolean} update shows a changed page's data in the
 *   running network (nodes, edges, highlights; the view stays once the user moved it)
 * @property {number} updates how many updates have been drawn
 * @property {number|null} updatedAt performance.now() when the last update was drawn
 * @property {function(): Guides|null} guides the rings and sectors drawn now (an update
 *   brings those of the new layout)
 * @property {function(): string} png the map as drawn now at twice its size, with the
 *   legend under it, as a data:image/png URL
 */

/**
 * @typedef {Object} HookNode
 * @property {string} id
 * @property {string} label
 * @property {string|null} title null when the node has no tooltip
 * @property {string} group "" for none
 * @property {string} shape
 * @property {number} x
 * @property {number} y
 * @property {number} size
 */

/**
 * @typedef {Object} HookEdge
 * @property {string} id
 * @property {string} from
 * @property {string} to
 * @property {string} label
 * @property {string|null} title null when the edge has no tooltip
 * @property {string} group "" for none
 * @property {number} curve 0 for a straight edge, else its roundness (negative: curvedCCW)
 */

(function () {
  "use strict";

  var LABEL_PX = 13;
  // In dense mode a label is drawn only when it is at least this many pixels high.
  var MIN_READABLE_PX = 8;
  var ISOLATED_AT = 50000;

  /** @type {MapHook} */
  var hook = {
    ready: false,
    readyAt: null,
    error: null,
    dense: false,
    drawnAt: null,
    present: null,
    reveal: function () { return undefined; },
    visible: function () { return { nodes: [], edges: [] }; },
    labelScale: function () { return undefined; },
    focus: function () { return undefined; },
    presentation: function () { return null; },
    nodes: function () { return []; },
    edges: function () { return []; },
    positions: function () { return {}; },
    highlighted: function () { return []; },
    selection: function () { return { nodes: [], edges: [] }; },
    view: function () { return null; },
    domPoint: function () { return null; },
    isolate: function () { return null; },
    zoomActive: function () { return false; },
    fit: function () { return undefined; },
    fullscreen: function () { return false; },
    update: function () { return false; },
    updates: 0,
    updatedAt: null,
    guides: function () { return null; },
    png: function () { return ""; }
  };
  window.tverrkart = hook;

  /** @type {MapPageData} */
  var data = JSON.parse(document.getElementById("tk-data").textContent);
  var container = document.getElementById("tk-map");
  var guides = data.guides;
  var font = data.font;
  hook.dense = data.dense;

  if (typeof vis === "undefined" || !vis.Network || !vis.DataSet) {
    var message = document.createElement("p");
    message.className = "tk-map-error";
    message.textContent = "Kartet kan ikke tegnes: tegnebiblioteket (vis-network) ble ikke lastet.";
    container.appendChild(message);
    hook.error = "vis-network ble ikke lastet";
    return;
  }

  // The group stays with this script: a vis-network group would bring its own colours.
  var nodeGroup = {};
  var edgeGroup = {};
  function withoutGroup(item, id, groups) {
    var copy = {};
    Object.keys(item).forEach(function (key) {
      if (key !== "group") {
        copy[key] = item[key];
      }
    });
    copy.id = id;
    groups[id] = item.group === undefined ? null : item.group;
    return copy;
  }
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return withoutGroup(n, n.id, nodeGroup);
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return withoutGroup(e, "e" + i, edgeGroup);
  }));

  var options = data.options;
  // Selected or hovered nodes keep their fill and get a black, thicker border
  // (readable in black and white); selected labels turn bold.
  options.nodes.chosen = {
    node: function (values, id, selected) {
      values.borderColor = "#000000";
      values.borderWidth = Math.max(values.borderWidth * 2, selected ? 3 : 2);
    },
    label: function (values, id, selected) {
      if (selected) {
        values.mod = "bold";
      }
    }
  };
  if (data.dense) {
    var threshold = { label: { drawThreshold: MIN_READABLE_PX } };
    options.nodes.scaling = threshold;
    options.edges.scaling = threshold;
  }
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var labelSize = null;
  var labelFactor = 1;  // hook.labelScale: labels larger while presenting
  var focused = false;  // hook.focus zoomed in (sector labels are kept in view)
  var baseFont = { nodes: data.options.nodes.font.size, edges: data.options.edges.font.size };

  function labelInside(shape) {
    return data.labelInside.indexOf(shape) >= 0;
  }

  // ---- drawing behind and on top of the network ---------------------------------

  function pointAt(angleDeg, radius) {
    // Maths angles (0 = east, counter-clockwise); vis-network's y axis points down.
    var a = angleDeg * Math.PI / 180;
    return { x: radius * Math.cos(a), y: -radius * Math.sin(a), cos: Math.cos(a), sin: Math.sin(a) };
  }

  function drawGuides(ctx) {
    if (!guides) {
      return;
    }
    var px = 1 / network.getScale();
    ctx.save();
    ctx.lineWidth = px;
    ctx.strokeStyle = "#cccccc";
    guides.rings.forEach(function (r) {
      ctx.beginPath();
      ctx.arc(0, 0, r, 0, 2 * Math.PI);
      ctx.stroke();
    });
    var lineEnd = guides.outer + 24 * px;
    ctx.strokeStyle = "#b3b3b3";
    guides.sectors.forEach(function (s) {
      var p = pointAt(s.angle, lineEnd);
      ctx.beginPath();
      ctx.moveTo(0, 0);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
    });
    ctx.fillStyle = "#4d4d4d";
    ctx.font = "600 " + (LABEL_PX * px) + "px " + font;
    guides.sectors.forEach(function (s) {
      var radius = guides.outer + 14 * px;
      if (focused) {
        radius = Math.min(radius, roomFor(ctx, s, px));  // zoomed in: keep it in view
      }
      var p = pointAt(s.angle + guides.labelOffsetDeg, radius);
      ctx.textAlign = p.cos > 0.3 ? "left" : (p.cos < -0.3 ? "right" : "center");
      ctx.textBaseline = p.sin > 0.3 ? "bottom" : (p.sin < -0.3 ? "top" : "middle");
      ctx.fillText(s.label, p.x, p.y);
    });
    ctx.restore();
  }

  function roomFor(ctx, sector, px) {
    // How far out a sector's label may sit and still be whole in the view (zoomed in).
    var a = pointAt(sector.angle + guides.labelOffsetDeg, 1);
    var topLeft = network.DOMtoCanvas({ x: 0, y: 0 });
    var bottomRight = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    var width = ctx.measureText(sector.label).width + 8 * px;
    var height = LABEL_PX * 1.4 * px + 8 * px;
    var reach = Infinity;
    if (a.cos > 1e-6) { reach = Math.min(reach, (bottomRight.x - width * (a.cos > 0.3 ? 1 : 0.5)) / a.cos); }
    if (a.cos < -1e-6) { reach = Math.min(reach, (topLeft.x + width * (a.cos < -0.3 ? 1 : 0.5)) / a.cos); }
    if (a.sin > 1e-6) { reach = Math.min(reach, (topLeft.y + height) / a.y); }
    if (a.sin < -1e-6) { reach = Math.min(reach, (bottomRight.y - height) / a.y); }
    return Math.max(reach, 0);
  }

  function drawHighlights(ctx) {
    var ringed = emphasis || data.highlighted;
    if (!ringed.length) {
      return;
    }
    var px = 1 / network.getScale();
    ctx.save();
    ctx.strokeStyle = "#c2410c";
    ctx.lineWidth = 3 * px;
    ringed.forEach(function (id) {
      var node = nodes.get(id);
      if (!node) {
        return;
      }
      var p = network.getPosition(id);
      ctx.beginPath();
      if (labelInside(node.shape)) {
        var b = network.getBoundingBox(id);
        var gap = 5 * px;
        ctx.rect(b.left - gap, b.top - gap, b.right - b.left + 2 * gap, b.bottom - b.top + 2 * gap);
      } else {
        ctx.arc(p.x, p.y, node.size * 1.15 + 6 * px, 0, 2 * Math.PI);
      }
      ctx.stroke();
    });
    ctx.restore();
  }

  // ---- fitting the view -----------------------------------------------------------
  // Labels are drawn LABEL_PX high on screen at the initial zoom (their font size is
  // set to LABEL_PX / scale), so their extents are known in screen pixels. Every
  // ring, node, node label and sector label gives a bound on the scale; the view
  // takes the largest scale that keeps all of them inside the canvas.

  var measureCtx = document.createElement("canvas").getContext("2d");

  function textBox(text, weight) {
    measureCtx.font = (weight ? weight + " " : "") + LABEL_PX + "px " + font;
    var lines = String(text || "").split("\n");
    var width = lines.reduce(function (w, line) {
      return Math.max(w, measureCtx.measureText(line).width);
    }, 0);
    return { width: width, height: lines.length * LABEL_PX * 1.25 };
  }

  function mapLabelBox(text) {
    // A label's box in map units when labels have a fixed size in map units; long
    // labels are broken into lines no wider than the options' widthConstraint.
    var box = textBox(text);
    var k = data.labelSize / LABEL_PX;
    var wrap = data.options.nodes.widthConstraint && data.options.nodes.widthConstraint.maximum;
    var width = box.width * k;
    var height = box.height * k;
    if (wrap && width > wrap) {
      height *= Math.ceil(width / wrap);
      width = wrap;
    }
    return { width: width, height: height };
  }

  function fitItems(center) {
    // Each item: a point (map units, relative to the view centre), a radius in map
    // units, extents in map units (mLeft, mRight, mUp, mDown: labels that zoom with
    // the map) and extents in screen pixels (left, right, up, down) beyond it.
    var items = [];
    var positions = network.getPositions();
    nodes.forEach(function (n) {
      var p = positions[n.id] || n;
      var item = { x: p.x - center.x, y: p.y - center.y, r: n.size || 0 };
      if (data.dense) {
        item.left = item.right = item.up = item.down = 0;
        items.push(item);
        return;
      }
      if (data.labelSize !== null) {
        var m = mapLabelBox(n.label);
        item.left = item.right = item.up = item.down = 0;
        if (labelInside(n.shape)) {
          var mHalf = (n.shape === "ellipse" ? m.width + m.height + 20 : m.width + 10) / 2;
          item.r = 0;
          item.mLeft = item.mRight = mHalf;
          item.mUp = item.mDown = n.shape === "ellipse" ? m.height + 10 : m.height / 2 + 5;
        } else {
          item.mLeft = item.mRight = Math.max(m.width / 2 - item.r, 0);
          item.mDown = m.width ? m.height + 3 : 0;
        }
        items.push(item);
        return;
      }
      var box = textBox(n.label);
      if (labelInside(n.shape)) {
        var half = box.width / 2 + (n.shape === "ellipse" ? LABEL_PX : 8);
        item.r = 0;
        item.left = item.right = half;
        item.up = item.down = box.height / 2 + 8;
      } else {
        item.left = item.right = box.width / 2;
        item.up = 0;
        item.down = box.width ? box.height + 6 : 0;
      }
      items.push(item);
    });
    if (!guides) {
      return items;
    }
    var rings = guides.rings.length ? Math.max.apply(null, guides.rings) : 0;
    items.push({ x: -center.x, y: -center.y, r: rings, left: 2, right: 2, up: 2, down: 2 });
    guides.sectors.forEach(function (s) {
      var p = pointAt(s.angle + guides.labelOffsetDeg, guides.outer);
      var box = textBox(s.label, "600");
      var ax = 14 * p.cos;
      var ay = -14 * p.sin;
      var item = { x: p.x - center.x, y: p.y - center.y, r: 0 };
      var spanX = p.cos > 0.3 ? [0, box.width] : (p.cos < -0.3 ? [box.width, 0] : [box.width / 2, box.width / 2]);
      var spanY = p.sin > 0.3 ? [box.height, 0] : (p.sin < -0.3 ? [0, box.height] : [box.height / 2, box.height / 2]);
      item.left = spanX[0] - ax;
      item.right = spanX[1] + ax;
      item.up = spanY[0] - ay;
      item.down = spanY[1] + ay;
      items.push(item);
    });
    return items;
  }

  function maxScale(coordinate, extent, room) {
    // Largest s with coordinate * s + extent <= room (no bound if coordinate <= 0).
    return coordinate > 0 ? (room - extent) / coordinate : Infinity;
  }

  function viewCenter() {
    if (guides) {
      return { x: 0, y: 0 };  // an egocentric map keeps the person in the middle
    }
    var box = null;
    var positions = network.getPositions();
    Object.keys(positions).forEach(function (id) {
      var p = positions[id];
      box = box
        ? { left: Math.min(box.left, p.x), right: Math.max(box.right, p.x), top: Math.min(box.top, p.y), bottom: Math.max(box.bottom, p.y) }
        : { left: p.x, right: p.x, top: p.y, bottom: p.y };
    });
    return box ? { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 } : { x: 0, y: 0 };
  }

  var fitted = null;  // the view the last fitView() set (see "in-place updates")

  function fitView() {
    // Like network.fit(), but it also keeps rings and sector labels in view and
    // accounts for labels, which network.fit() cannot know before the first draw.
    var pad = 10;
    var roomX = container.clientWidth / 2 - pad;
    var roomY = container.clientHeight / 2 - pad;
    var center = viewCenter();
    var scale = 1.5;
    fitItems(center).forEach(function (it) {
      scale = Math.min(
        scale,
        maxScale(it.x + it.r + (it.mRight || 0), it.right, roomX),
        maxScale(it.r - it.x + (it.mLeft || 0), it.left, roomX),
        maxScale(it.y + it.r + (it.mDown || 0), it.down, roomY),
        maxScale(it.r - it.y + (it.mUp || 0), it.up, roomY)
      );
    });
    scale = Math.max(scale, 0.02);
    focused = false;
    network.moveTo({ position: center, scale: scale, animation: false });
    fitted = { x: center.x, y: center.y, scale: network.getScale() };
    if (data.dense) {
      return;
    }
    if (data.labelSize !== null) {
      // The layout kept labels of this size apart: they zoom with the map.
      if (labelSize === null) {
        labelSize = data.labelSize;
        setLabelFont();
      }
      return;
    }
    // Labels are LABEL_PX high on screen at this zoom, however large the map is.
    labelSize = Math.min(Math.max(LABEL_PX / scale, 4), 200);
    setLabelFont();
  }

  function setLabelFont() {
    // labelSize (or, dense, the options' sizes) times labelFactor.
    var node = (labelSize === null ? baseFont.nodes : labelSize) * labelFactor;
    var edge = (labelSize === null ? baseFont.edges : 0.85 * labelSize) * labelFactor;
    network.setOptions({ nodes: { font: { size: node } }, edges: { font: { size: edge } } });
  }

  network.on("beforeDrawing", drawGuides);
  network.on("afterDrawing", drawHighlights);
  network.on("afterDrawing", function () { hook.drawnAt = performance.now(); });
  network.once("afterDrawing", function () {
    hook.readyAt = performance.now();
    hook.ready = true;
  });
  fitView();

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(fitView, 150);
  });

  // ---- zoom, fit and full screen ---------------------------------------------------
  // The wheel scrolls the page until the map is clicked (then it zooms the map, until
  // a click outside it, Esc or leaving the page); Ctrl + wheel always zooms the map.

  var frame = document.getElementById("tk-frame");
  var fitButton = document.getElementById("tk-fit");
  var fullButton = document.getElementById("tk-fullscreen");
  var hint = document.getElementById("tk-zoom-hint");
  var HINT_IDLE = "Klikk i kartet for å zoome, eller hold Ctrl";
  var HINT_ACTIVE = "Hjulet zoomer kartet. Klikk utenfor kartet eller trykk Esc for å slå av.";
  var zoomActive = false;

  function setZoomActive(on) {
    if (zoomActive === on) {
      return;
    }
    zoomActive = on;
    network.setOptions({ interaction: { zoomView: on } });
    container.classList.toggle("tk-zoom-on", on);
    if (hint) {
      hint.textContent = on ? HINT_ACTIVE : HINT_IDLE;
    }
  }

  function zoomAt(event) {
    var rect = container.getBoundingClientRect();
    var pointer = network.DOMtoCanvas({ x: event.clientX - rect.left, y: event.clientY - rect.top });
    var scale = network.getScale();
    var next = Math.min(Math.max(scale * (event.deltaY < 0 ? 1.15 : 1 / 1.15), 0.02), 20);
    var centre = network.getViewPosition();
    var keep = scale / next;
    network.moveTo({
      position: { x: pointer.x + (centre.x - pointer.x) * keep, y: pointer.y + (centre.y - pointer.y) * keep },
      scale: next,
      animation: false
    });
  }

  container.addEventListener("pointerdown", function () { setZoomActive(true); });
  document.addEventListener("pointerdown", function (event) {
    if (!container.contains(event.target)) {
      setZoomActive(false);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      setZoomActive(false);
      if (isFullscreen()) {
        document.exitFullscreen();  // the browser does this too; some frames pass Esc on
      }
    }
  });
  window.addEventListener("blur", function () { setZoomActive(false); });
  container.addEventListener("wheel", function (event) {
    if (!zoomActive && event.ctrlKey) {
      event.preventDefault();  // not the browser's page zoom: the map's
      zoomAt(event);
    }
  }, { capture: true, passive: false });

  if (fitButton) {
    fitButton.addEventListener("click", function () { fitView(); });
  }

  function isFullscreen() {
    return !!frame && document.fullscreenElement === frame;
  }

  if (fullButton) {
    if (!frame || !frame.requestFullscreen || !document.fullscreenEnabled) {
      fullButton.hidden = true;  // for example in a frame that does not allow it
    }
    fullButton.addEventListener("click", function () {
      if (isFullscreen()) {
        document.exitFullscreen();
      } else {
        frame.requestFullscreen().catch(function () {
          fullButton.hidden = true;
        });
      }
    });
  }
  document.addEventListener("fullscreenchange", function () {
    var on = isFullscreen();
    if (fullButton) {
      fullButton.textContent = on ? "Lukk fullskjerm" : "Fullskjerm";
      fullButton.setAttribute("aria-pressed", on ? "true" : "false");
    }
    network.setSize("100%", "100%");
    fitView();
  });

  // ---- the legend selects its group ---------------------------------------------

  var legendButtons = Array.prototype.slice.call(
    document.querySelectorAll("button[data-legend-index]")
  );
  var activeLegend = null;

  function setPressed(index) {
    activeLegend = index;
    legendButtons.forEach(function (button) {
      var pressed = Number(button.dataset.legendIndex) === index;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
    });
  }

  function idsOfGroup(groups, group) {
    return Object.keys(groups).filter(function (id) {
      return group !== null && groups[id] === group;
    });
  }

  legendButtons.forEach(function (button) {
    button.addEventListener("click", function () {
      var index = Number(button.dataset.legendIndex);
      if (activeLegend === index) {
        network.unselectAll();
        setPressed(null);
        return;
      }
      var entry = data.legend[index];
      network.setSelection(
        {
          nodes: entry.kind === "node" ? idsOfGroup(nodeGroup, entry.group) : [],
          edges: entry.kind === "edge" ? idsOfGroup(edgeGroup, entry.group) : []
        },
        { unselectAll: true, highlightEdges: false }
      );
      setPressed(index);
    });
  });

  network.on("click", function () {
    if (activeLegend !== null) {
      setPressed(null);
    }
  });

  // ---- showing a part of the map (the presentation mode, map_present.js) ----------
  // Nodes and edges are hidden and shown by DataSet updates of only the items that
  // change ({hidden: true|false}): the network, its positions and its view stay.

  var emphasis = null;  // ids ringed instead of data.highlighted, or null

  function idSet(ids) {
    var set = {};
    ids.forEach(function (id) { set[id] = true; });
    return set;
  }

  function hiddenChanges(set, shown) {
    var changes = [];
    set.forEach(function (item) {
      var hidden = shown !== null && shown[item.id] !== true;
      if ((item.hidden === true) !== hidden) {
        changes.push({ id: item.id, hidden: hidden });
      }
    });
    return changes;
  }

  hook.reveal = function (nodeIds, edgeIds, ringed) {
    nodes.update(hiddenChanges(nodes, nodeIds ? idSet(nodeIds) : null));
    edges.update(hiddenChanges(edges, edgeIds ? idSet(edgeIds) : null));
    emphasis = ringed ? ringed.slice() : null;
    network.redraw();
  };
  hook.visible = function () {
    function shown(item) { return item.hidden !== true; }
    return { nodes: nodes.getIds({ filter: shown }), edges: edges.getIds({ filter: shown }) };
  };
  hook.labelScale = function (factor) {
    labelFactor = factor;
    setLabelFont();
  };
  hook.presentation = function () {
    return data.present || null;
  };
  hook.focus = function (ids, maxScale) {
    focused = true;
    network.fit({ nodes: ids, minZoomLevel: 0.02, maxZoomLevel: Math.max(maxScale, 0.02), animation: false });
  };

  // ---- in-place updates -------------------------------------------------------------
  // The app's editable map (map_bridge.js) hands a changed page's data to hook.update:
  // the nodes and edges are compared by id and only what changed is added, updated or
  // removed in the DataSets; the rings and sectors (which the layout sizes to the
  // actors) are taken as they come. The Network, the view and the page stay. What a
  // new page would need instead (other scripts, legend, options, height) never comes
  // this way: the app then loads the page anew.
  // The view: if it is still where the last fit put it (the user has not zoomed or
  // panned), the map is fitted again after the update, as at the first draw, so a new
  // actor outside the old bounds comes into view; once the user has moved the view,
  // it stays exactly as the user left it.

  var updates = 0;

  function viewNow() {
    var p = network.getViewPosition();
    return { x: p.x, y: p.y, scale: network.getScale() };
  }

  function viewIsFitted() {
    if (fitted === null) {
      return true;
    }
    var now = viewNow();
    return Math.abs(now.scale - fitted.scale) <= 1e-6 * fitted.scale
      && Math.abs(now.x - fitted.x) * now.scale < 0.5
      && Math.abs(now.y - fitted.y) * now.scale < 0.5;
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function sameShape(a, b) {
    // Whether b has exactly a's keys at every depth: DataSet.update merges objects, so
    // a key that b no longer has would keep its old value (then the item is replaced).
    if (!isPlainObject(a) || !isPlainObject(b)) {
      return isPlainObject(a) === isPlainObject(b);
    }
    var ka = Object.keys(a).sort();
    var kb = Object.keys(b).sort();
    return ka.length === kb.length && ka.every(function (k, i) {
      return k === kb[i] && sameShape(a[k], b[k]);
    });
  }

  function diffItems(set, groups, items, idOf) {
    // What to do to `set` so that it holds `items`: {add, update, replace, remove}.
    var plan = { add: [], update: [], replace: [], remove: [] };
    var wanted = {};
    items.forEach(function (item, i) {
      var id = idOf(item, i);
      var next = withoutGroup(item, id, groups);
      var old = set.get(id);
      if (old !== null && old.hidden === false) {
        delete old.hidden;  // shown again after presenting: as if never hidden
      }
      wanted[id] = true;
      if (old === null) {
        plan.add.push(next);
      } else if (JSON.stringify(old) !== JSON.stringify(next)) {
        (sameShape(old, next) ? plan.update : plan.replace).push(next);
      }
    });
    set.getIds().forEach(function (id) {
      if (wanted[id] !== true) {
        plan.remove.push(id);
        delete groups[id];
      }
    });
    return plan;
  }

  function validGuides(value) {
    function isNumber(x) { return typeof x === "number" && isFinite(x); }
    return isPlainObject(value) && Array.isArray(value.rings) && value.rings.every(isNumber)
      && Array.isArray(value.sectors) && isNumber(value.outer) && isNumber(value.labelOffsetDeg)
      && value.sectors.every(function (s) {
        return isPlainObject(s) && isNumber(s.angle) && typeof s.label === "string";
      });
  }

  function validPageData(next) {
    return isPlainObject(next) && Array.isArray(next.nodes) && Array.isArray(next.edges)
      && Array.isArray(next.highlighted)
      && (next.guides === null ? guides === null : guides !== null && validGuides(next.guides))
      && next.nodes.every(function (n) { return isPlainObject(n) && typeof n.id === "string"; })
      && next.edges.every(function (e) {
        return isPlainObject(e) && typeof e.from === "string" && typeof e.to === "string";
      })
      && next.highlighted.every(function (id) { return typeof id === "string"; });
  }

  /**
   * Show a changed page's data in the running network (see the section's comment).
   * @param {MapPageData} next the new data; only nodes, edges, highlighted, guides and
   *   the presentation's steps are taken (the rest is the page's and needs a new page)
   * @returns {boolean} whether the data was taken
   */
  function update(next) {
    if (!validPageData(next)) {
      return false;
    }
    var refit = viewIsFitted();
    var nodePlan = diffItems(nodes, nodeGroup, next.nodes, function (n) { return n.id; });
    var edgePlan = diffItems(edges, edgeGroup, next.edges, function (e, i) { return "e" + i; });
    // A node that kept its data but was dragged elsewhere goes back to its place.
    var moved = {};
    nodePlan.update.concat(nodePlan.replace).forEach(function (n) { moved[n.id] = true; });
    next.nodes.forEach(function (n) {
      var p = moved[n.id] || nodes.get(n.id) === null ? null : network.getPosition(n.id);
      if (p && Math.hypot(p.x - n.x, p.y - n.y) > 0.05) {
        nodePlan.update.push({ id: n.id, x: n.x, y: n.y });
      }
    });
    edges.remove(edgePlan.remove.concat(edgePlan.replace.map(function (e) { return e.id; })));
    nodes.remove(nodePlan.remove.concat(nodePlan.replace.map(function (n) { return n.id; })));
    nodes.add(nodePlan.add.concat(nodePlan.replace));
    nodes.update(nodePlan.update);
    edges.add(edgePlan.add.concat(edgePlan.replace));
    edges.update(edgePlan.update);
    data.nodes = next.nodes;
    data.edges = next.edges;
    data.highlighted = next.highlighted.slice();
    guides = next.guides;
    data.guides = next.guides;
    if (next.present !== undefined) {
      data.present = next.present;  // its steps name the nodes and edges
    }
    if (activeLegend !== null) {
      var entry = data.legend[activeLegend];
      network.setSelection(
        {
          nodes: entry.kind === "node" ? idsOfGroup(nodeGroup, entry.group) : [],
          edges: entry.kind === "edge" ? idsOfGroup(edgeGroup, entry.group) : []
        },
        { unselectAll: true, highlightEdges: false }
      );
    }
    if (refit) {
      fitView();
    }
    network.once("afterDrawing", function () {
      updates += 1;
      hook.updates = updates;
      hook.updatedAt = performance.now();
    });
    network.redraw();
    return true;
  }

  // ---- a picture of the map (PNG) ---------------------------------------------------
  // The map as it is drawn now, at twice its size on screen, with the legend drawn
  // under it (shapes, dash patterns and text: readable in black and white). Text goes
  // on the canvas with fillText only.

  var PNG_SCALE = 2;
  var LEGEND_FONT_PX = 13;
  var LEGEND_ROW_PX = 26;

  function withPixelRatio(ratio, draw) {
    // vis-network sizes its canvas by window.devicePixelRatio on each redraw: draw once
    // at `ratio`, then put the page's own ratio back and draw again.
    var own = Object.getOwnPropertyDescriptor(window, "devicePixelRatio");
    Object.defineProperty(window, "devicePixelRatio", { value: ratio, configurable: true, writable: true });
    try {
      network.redraw();
      return draw();
    } finally {
      if (own) {
        Object.defineProperty(window, "devicePixelRatio", own);
      } else {
        delete window.devicePixelRatio;
      }
      network.redraw();
    }
  }

  function wrapText(ctx, text, width) {
    var lines = [];
    String(text).split("\n").forEach(function (paragraph) {
      var line = "";
      paragraph.split(/\s+/).forEach(function (word) {
        var next = line ? line + " " + word : word;
        if (line && ctx.measureText(next).width > width) {
          lines.push(line);
          line = word;
        } else {
          line = next;
        }
      });
      lines.push(line);
    });
    return lines;
  }

  function legendItems() {
    return Array.prototype.slice.call(document.querySelectorAll(".tk-legend li")).map(function (li) {
      var text = li.querySelector(".tk-legend-text");
      var svg = li.querySelector("svg");
      return {
        text: text ? text.textContent : "",
        shapes: svg ? Array.prototype.slice.call(svg.children) : []
      };
    });
  }

  function number(element, name) {
    return Number(element.getAttribute(name) || 0);
  }

  function drawSample(ctx, shape) {
    // One element of a legend line's SVG sample (map.html) drawn with the 2D API.
    var fill = shape.getAttribute("fill");
    var stroke = shape.getAttribute("stroke");
    var dashes = (shape.getAttribute("stroke-dasharray") || "").split(/[\s,]+/).filter(Boolean).map(Number);
    var tag = shape.tagName.toLowerCase();
    ctx.save();
    ctx.beginPath();
    if (tag === "line") {
      ctx.moveTo(number(shape, "x1"), number(shape, "y1"));
      ctx.lineTo(number(shape, "x2"), number(shape, "y2"));
      fill = null;
    } else if (tag === "circle") {
      ctx.arc(number(shape, "cx"), number(shape, "cy"), number(shape, "r"), 0, 2 * Math.PI);
    } else if (tag === "ellipse") {
      ctx.ellipse(number(shape, "cx"), number(shape, "cy"), number(shape, "rx"), number(shape, "ry"), 0, 0, 2 * Math.PI);
    } else if (tag === "rect") {
      var x = number(shape, "x");
      var y = number(shape, "y");
      var w = number(shape, "width");
      var h = number(shape, "height");
      var r = number(shape, "rx");
      if (r > 0 && ctx.roundRect) {
        ctx.roundRect(x, y, w, h, r);
      } else {
        ctx.rect(x, y, w, h);
      }
    } else if (tag === "polygon") {
      (shape.getAttribute("points") || "").trim().split(/\s+/).forEach(function (pair, i) {
        var xy = pair.split(",").map(Number);
        if (i === 0) {
          ctx.moveTo(xy[0], xy[1]);
        } else {
          ctx.lineTo(xy[0], xy[1]);
        }
      });
      ctx.closePath();
    } else {
      ctx.restore();
      return;
    }
    if (fill && fill !== "none") {
      ctx.fillStyle = fill;
      ctx.fill();
    }
    if (stroke && stroke !== "none") {
      ctx.strokeStyle = stroke;
      ctx.lineWidth = Number(shape.getAttribute("stroke-width") || 1);
      ctx.lineJoin = "round";
      ctx.setLineDash(dashes);
      ctx.stroke();
    }
    ctx.restore();
  }

  function legendLayout(ctx, width) {
    // Lines in columns of at least 220 px, row by row: where each goes, and the height.
    var items = legendItems();
    if (items.length === 0) {
      return { items: [], height: 0 };
    }
    var pad = 10;
    var columns = Math.max(1, Math.floor((width - 2 * pad) / 220));
    var columnWidth = (width - 2 * pad) / columns;
    var y = pad + 22;
    ctx.font = LEGEND_FONT_PX + "px " + font;
    for (var start = 0; start < items.length; start += columns) {
      var rowHeight = LEGEND_ROW_PX;
      items.slice(start, start + columns).forEach(function (item, i) {
        item.lines = wrapText(ctx, item.text, columnWidth - 52);
        item.x = pad + i * columnWidth;
        item.y = y;
        rowHeight = Math.max(rowHeight, item.lines.length * LEGEND_FONT_PX * 1.3 + 8);
      });
      y += rowHeight;
    }
    return { items: items, height: y + pad };
  }

  function drawLegend(ctx, layout) {
    ctx.fillStyle = "#1a1a1a";
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.font = "600 " + (LEGEND_FONT_PX + 1) + "px " + font;
    ctx.fillText("Tegnforklaring", 10, 10);
    layout.items.forEach(function (item) {
      ctx.save();
      ctx.translate(item.x, item.y);
      item.shapes.forEach(function (shape) { drawSample(ctx, shape); });
      ctx.fillStyle = "#1a1a1a";
      ctx.font = LEGEND_FONT_PX + "px " + font;
      ctx.textBaseline = "top";
      item.lines.forEach(function (line, i) {
        ctx.fillText(line, 46, 5 + i * LEGEND_FONT_PX * 1.3);
      });
      ctx.restore();
    });
  }

  /**
   * The map as drawn now, at PNG_SCALE times its size on screen, with the legend
   * under it, as a data: URL of a PNG.
   * @returns {string}
   */
  function png() {
    var canvas = container.querySelector("canvas");
    var width = canvas.clientWidth;
    var height = canvas.clientHeight;
    var out = document.createElement("canvas");
    var ctx = out.getContext("2d");
    var layout = legendLayout(ctx, width);
    out.width = Math.round(width * PNG_SCALE);
    out.height = Math.round((height + layout.height) * PNG_SCALE);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    withPixelRatio(PNG_SCALE, function () {
      ctx.drawImage(canvas, 0, 0, out.width, Math.round(height * PNG_SCALE));
    });
    ctx.save();
    ctx.scale(PNG_SCALE, PNG_SCALE);
    ctx.translate(0, height);
    ctx.strokeStyle = "#d4d4d4";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, 0.5);
    ctx.lineTo(width, 0.5);
    ctx.stroke();
    drawLegend(ctx, layout);
    ctx.restore();
    return out.toDataURL("image/png");
  }

  function pngFileName() {
    var heading = document.querySelector(".tk-heading");
    var name = (heading ? heading.textContent : "").toLowerCase()
      .replace(/[^a-z0-9æøå]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
    return (name || "nettverkskart") + ".png";
  }

  var pngButton = document.getElementById("tk-png");
  if (pngButton) {
    pngButton.addEventListener("click", function () {
      var url = png();
      // A page that cannot download (the app's sandboxed frame) takes the picture
      // itself (map_bridge.js cancels this event); otherwise it is saved from here.
      var ask = new CustomEvent("tk-png", { detail: { data: url }, cancelable: true });
      if (document.dispatchEvent(ask)) {
        var link = document.createElement("a");
        link.href = url;
        link.download = pngFileName();
        document.body.appendChild(link);
        link.click();
        link.remove();
      }
    });
  }

  // ---- the test hook --------------------------------------------------------------

  function titleOf(item) {
    return item.title === undefined ? null : item.title;
  }

  function curveOf(edge) {
    if (!edge.smooth || !edge.smooth.enabled) {
      return 0;
    }
    return edge.smooth.type === "curvedCCW" ? -edge.smooth.roundness : edge.smooth.roundness;
  }

  function groupName(number) {
    return number === null ? "" : data.groups[number];
  }

  hook.nodes = function () {
    return nodes.get().map(function (n) {
      return {
        id: n.id, label: n.label, title: titleOf(n), group: groupName(nodeGroup[n.id]),
        shape: n.shape, x: n.x, y: n.y, size: n.size
      };
    });
  };
  hook.edges = function () {
    return edges.get().map(function (e) {
      return {
        id: e.id, from: e.from, to: e.to, label: e.label || "", title: titleOf(e),
        group: groupName(edgeGroup[e.id]), curve: curveOf(e)
      };
    });
  };
  hook.positions = function () {
    return network.getPositions();
  };
  hook.highlighted = function () {
    return (emphasis || data.highlighted).filter(function (id) { return nodes.get(id) !== null; });
  };
  hook.selection = function () {
    return { nodes: network.getSelectedNodes(), edges: network.getSelectedEdges() };
  };
  hook.view = function () {
    var p = network.getViewPosition();
    var drawn = labelSize === null ? null : labelSize * labelFactor;
    return { x: p.x, y: p.y, scale: network.getScale(), labelSize: drawn };
  };
  hook.domPoint = function (id) {
    return network.canvasToDOM(network.getPosition(id));
  };
  hook.zoomActive = function () {
    return zoomActive;
  };
  hook.fit = function () {
    network.setSize("100%", "100%");  // the frame may have changed size (presenting)
    fitView();
  };
  hook.fullscreen = isFullscreen;
  hook.update = update;
  hook.guides = function () {
    return guides;
  };
  hook.png = png;
  hook.isolate = function (id) {
    network.moveNode(id, ISOLATED_AT, ISOLATED_AT);
    network.moveTo({ position: { x: ISOLATED_AT, y: ISOLATED_AT }, animation: false });
    return hook.domPoint(id);
  };
}());
