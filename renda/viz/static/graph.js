// The drawn graph: vis-network over two DataSets, with server positions, expansion and collapse,
// filters, and highlighted paths. Physics stays off: positions come from the server.
// Edges less sure than ``confidence.dashUnder`` are dashed, those under ``confidence.hideUnder`` hidden;
// an edge with no confidence (from records, or a stand-in's link) is neither.

const OPTIONS = {
  physics: { enabled: false },
  layout: { improvedLayout: false },
  interaction: { hover: true, hideEdgesOnDrag: true, hideEdgesOnZoom: true, tooltipDelay: 150, keyboard: false },
  nodes: { font: { size: 14, face: "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" },
           scaling: { label: { drawThreshold: 10 } }, borderWidth: 1 }, // labels only when readable: far cheaper redraws
  edges: { smooth: false, arrows: { to: { enabled: true, scaleFactor: 0.5 } }, width: 1,
           color: { color: "#b0b7c0", highlight: "#1f2933", hover: "#616e7c" },
           font: { size: 10, align: "middle", color: "#616e7c", strokeWidth: 3 }, scaling: { label: { drawThreshold: 8 } } },
};
const PLAIN_EDGE = { color: "#b0b7c0", highlight: "#1f2933", hover: "#616e7c" }; // as OPTIONS.edges.color
const EDGE_LABELS_UP_TO = 40; // above this many edges, an edge's label shows only when selected or on a path (its tooltip on hover)
const LABEL_PX = 12; // labels placed by ``placeLabels`` are this many pixels high on the screen, at any zoom
const LABEL_INSIDE = new Set(["box", "ellipse", "circle", "database", "text"]); // vis-network draws these labels inside
const PLACE_LABELS_UP_TO = 1500; // views this small get their labels placed without overlap at every zoom
const SMALL_VIEW = 400; // up to this many nodes labels show at any readable size; above, only when zoomed in
const SETTLE_UP_TO = 800; // views this small get a short force run for newly added nodes
const SETTLE = { enabled: true, solver: "barnesHut", stabilization: false,
  barnesHut: { gravitationalConstant: -3000, springLength: 110, springConstant: 0.04, avoidOverlap: 0.5 } };

export const size = (degree) => Math.min(42, 10 + 4 * Math.sqrt(degree));
const short = (name, width = 14) => (name.length <= width ? name : name.slice(0, width - 1) + "…");

export class Graph {
  constructor(container, style) {
    this.style = style;
    this.nodes = new vis.DataSet();
    this.edges = new vis.DataSet();
    this.network = new vis.Network(container, { nodes: this.nodes, edges: this.edges }, OPTIONS);
    this.expanded = new Map(); // node id -> ids its expansion added (what collapsing it may remove)
    this.holds = new Map(); // node id -> every id its expansion showed (what it keeps on the graph)
    this.pinned = new Set(); // roots and path nodes: never collapsed away
    this.hidden = { labels: new Set(), kinds: new Set(), types: new Set() };
    const dashDefault = style.confidence?.dash_under ?? 0.5;
    this.confidence = { hideUnder: 0, dashUnder: dashDefault, dashDefault };
    this.pathEdges = new Set();
    this.edgeLabelShown = new Set(); // selected edges, labelled while many edges are drawn
    let timer = null;
    const later = () => { clearTimeout(timer); timer = setTimeout(() => this.placeLabels(), 80); };
    this.network.on("zoom", later);
    this.network.on("dragEnd", later);
    // (a label changed while the pointer is over the edge loses vis-network's next click on it: a
    // hovered edge shows its type in the tooltip instead, and a selected one after the click is done)
    const showEdge = (id, on) => setTimeout(() => {
      if (on) this.edgeLabelShown.add(id); else this.edgeLabelShown.delete(id);
      const e = this.edges.get(id);
      if (e) this.edges.update({ id, label: this.edgeLabel(e) });
    }, 0);
    this.network.on("selectEdge", (p) => p.edges.forEach((id) => showEdge(id, true)));
    this.network.on("deselectEdge", (p) => (p.previousSelection?.edges || []).forEach((x) => showEdge(x.id ?? x, false)));
  }

  // An edge's label: its type while few edges are drawn; else only when selected or on a path.
  edgeLabel(e) {
    const type = e.data.type || "";
    if (this.edges.length <= EDGE_LABELS_UP_TO) return type;
    return this.edgeLabelShown.has(e.id) || this.pathEdges.has(e.id) ? type : "";
  }

  // Labels that fit without overlapping, most connected first, LABEL_PX high on the screen at the
  // current zoom; the others are not drawn (their font falls under vis-network's draw threshold).
  placeLabels() {
    if (!this.nodes.length || this.nodes.length > PLACE_LABELS_UP_TO) { this.labelled = null; return; }
    const scale = this.network.getScale();
    const pos = this.network.getPositions();
    const rect = this.network.body.container.getBoundingClientRect();
    // a shape that holds its label (a box) keeps it, whatever it overlaps: placed first, the others avoid it
    const inside = (n) => LABEL_INSIDE.has(n.shape);
    const weight = (n) => (n.data.stand_in ? 1e6 + n.data.count : n.data.degree) + (this.pinned.has(n.id) ? 1e9 : 0)
      + (inside(n) ? 1e12 : 0);
    const order = this.nodes.get({ filter: (n) => !n.hidden }).sort((a, b) => weight(b) - weight(a));
    const cell = 64, grid = new Map(), boxes = [];
    const hits = (b) => {
      for (let gx = Math.floor(b.l / cell); gx <= Math.floor(b.r / cell); gx++) {
        for (let gy = Math.floor(b.t / cell); gy <= Math.floor(b.b / cell); gy++) {
          for (const o of grid.get(`${gx},${gy}`) || []) {
            if (b.l < o.r && o.l < b.r && b.t < o.b && o.t < b.b) return true;
          }
        }
      }
      return false;
    };
    const take = (b) => {
      boxes.push(b);
      for (let gx = Math.floor(b.l / cell); gx <= Math.floor(b.r / cell); gx++) {
        for (let gy = Math.floor(b.t / cell); gy <= Math.floor(b.b / cell); gy++) {
          const k = `${gx},${gy}`; if (!grid.has(k)) grid.set(k, []); grid.get(k).push(b);
        }
      }
    };
    const shown = new Set();
    for (const n of order) {
      const p = pos[n.id]; if (!p) continue;
      const at = this.network.canvasToDOM(p);
      const w = [...(n.label || "")].reduce((a, c) => a + (c.charCodeAt(0) > 255 ? LABEL_PX : LABEL_PX * 0.6), 0) + 4;
      const top = inside(n) ? at.y - LABEL_PX * 0.75 : at.y + (n.size || 10) * scale + 2;
      const b = { l: at.x - w / 2, r: at.x + w / 2, t: top, b: top + LABEL_PX * 1.25 };
      if (b.r < 0 || b.l > rect.width || b.b < 0 || b.t > rect.height) continue; // off the screen
      if (hits(b) && !inside(n)) continue;
      take(b); shown.add(n.id);
    }
    const big = LABEL_PX / scale, tiny = 0.1;
    this.labelled = shown;
    // only the nodes whose label size changes are updated: each update costs vis-network a re-measure
    const changes = [];
    for (const n of order) {
      const want = shown.has(n.id) ? big : tiny;
      if (n.font?.size !== want) changes.push({ id: n.id, font: { size: want } });
    }
    if (changes.length) this.nodes.update(changes);
  }

  visNode(n, x, y) {
    const st = n.stand_in ? this.style.stand_ins[n.stand_in] : this.style.labels[n.label] || {};
    const label = n.stand_in === "aggregate" || n.stand_in === "group" ? `${n.name} (${n.count})` : short(n.name);
    const weight = n.stand_in ? n.count : n.degree;
    return { id: n.id, label, title: n.stand_in ? label : `${n.name}\n${n.label}${n.kind ? " · " + n.kind : ""}`,
             shape: st.shape || "dot", color: st.color || "#999", size: size(weight), x, y, hidden: false, data: n };
  }

  // ``many``: the drawing will hold more than EDGE_LABELS_UP_TO edges (no label until selected).
  visEdge(e, many = false) {
    const sure = e.confidence === null || e.confidence === undefined ? "" : `\nconfidence ${e.confidence.toFixed(2)} (n ${e.confidence_n})`;
    return { id: e.id, from: e.source, to: e.target, label: many ? "" : e.type || "", data: e, title: e.type ? e.type + sure : undefined,
             dashes: this.dashed(e), hidden: false, width: 1, arrows: e.type ? undefined : { to: { enabled: false } } };
  }

  // Whether an edge's confidence is known and under ``under``.
  below(e, under) {
    return Boolean(e.type) && e.confidence !== null && e.confidence !== undefined && e.confidence < under;
  }

  dashed(e) { return !e.type || this.below(e, this.confidence.dashUnder); }

  clear() {
    this.nodes.clear(); this.edges.clear(); this.expanded.clear(); this.holds.clear(); this.pinned.clear();
    this.pathEdges.clear();
  }

  // Add a view; its positions are shifted so that ``anchor`` (a node already drawn) keeps its place.
  add(view, anchor) {
    let dx = 0, dy = 0;
    if (anchor && this.nodes.get(anchor)) {
      const p = this.network.getPosition(anchor);
      const own = view.nodes.find((n) => n.id === anchor);
      dx = p.x - (own ? own.x : 0); dy = p.y - (own ? own.y : 0);
    }
    const added = [];
    const fresh = view.nodes.filter((n) => !this.nodes.get(n.id));
    this.nodes.add(fresh.map((n) => this.visNode(n, n.x + dx, n.y + dy)));
    fresh.forEach((n) => added.push(n.id));
    const seen = new Set(this.edges.getIds());
    const newEdges = view.edges.filter((e) => !seen.has(e.id));
    const many = this.edges.length + newEdges.length > EDGE_LABELS_UP_TO;
    this.edges.add(newEdges.map((e) => this.visEdge(e, many)));
    this.refreshDegrees(view.nodes);
    this.applyFilters();
    if (anchor && added.length && this.nodes.length <= SETTLE_UP_TO) this.settle(added);
    return added;
  }

  // Let only the new nodes move, briefly, so they find room among those already drawn.
  settle(ids) {
    const fresh = new Set(ids);
    this.nodes.update(this.nodes.getIds().map((id) => ({ id, fixed: !fresh.has(id) })));
    this.network.setOptions({ physics: SETTLE });
    this.network.stabilize(120);
    this.network.once("stabilizationIterationsDone", () => {
      this.network.setOptions({ physics: { enabled: false } });
      this.nodes.update(this.nodes.getIds().map((id) => ({ id, fixed: false })));
      this.placeLabels();
    });
  }

  // Nodes drawn before that a new view counts otherwise (degree, undrawn neighbours) take its counts.
  refreshDegrees(viewNodes) {
    const updates = [];
    for (const n of viewNodes) {
      const old = n.stand_in ? null : this.nodes.get(n.id);
      if (old && old.data !== n && (old.data.degree !== n.degree || old.data.hidden !== n.hidden)) {
        updates.push({ id: n.id, data: n, size: size(n.degree) });
      }
    }
    if (updates.length) this.nodes.update(updates);
  }

  // Record that expanding ``id`` drew ``view`` and added ``added``.
  record(id, view, added) {
    this.expanded.set(id, [...(this.expanded.get(id) || []), ...added]);
    const holds = this.holds.get(id) || new Set();
    view.nodes.forEach((n) => holds.add(n.id));
    this.holds.set(id, holds);
  }

  // Remove what expanding ``id`` added, keeping pinned nodes and those another expansion still shows.
  collapse(id) {
    const added = this.expanded.get(id) || [];
    this.expanded.delete(id);
    this.holds.delete(id);
    const held = new Set([...this.pinned]);
    for (const [other, ids] of this.holds) { held.add(other); ids.forEach((x) => held.add(x)); }
    const gone = added.filter((x) => !held.has(x));
    this.removeNodes(gone);
    return gone;
  }

  removeNodes(ids) {
    const set = new Set(ids);
    this.edges.remove(this.edges.getIds({ filter: (e) => set.has(e.from) || set.has(e.to) }));
    this.nodes.remove(ids);
  }

  nodeHidden(n) {
    const d = n.data;
    if (d.stand_in) return false;
    return this.hidden.labels.has(d.label) || (d.kind && this.hidden.kinds.has(d.kind));
  }

  // Labels cost most of a redraw: small views show them even zoomed out, large ones from zoom 0.64.
  labelThresholds() {
    const small = this.nodes.length <= SMALL_VIEW;
    const placed = this.nodes.length <= PLACE_LABELS_UP_TO;
    this.network.setOptions({ nodes: { scaling: { label: { drawThreshold: placed ? LABEL_PX - 2 : small ? 4 : 10 } } },
                              edges: { scaling: { label: { drawThreshold: small ? 5 : 8 } } } });
  }

  // Hide, dash, label and colour what the filters and the path say; only what changes is updated
  // (vis-network re-measures every node or edge it is handed).
  applyFilters() {
    this.labelThresholds();
    const hiddenNodes = new Set(), nodeChanges = [];
    for (const n of this.nodes.get()) {
      const h = Boolean(this.nodeHidden(n));
      if (h) hiddenNodes.add(n.id);
      if (Boolean(n.hidden) !== h) nodeChanges.push({ id: n.id, hidden: h });
    }
    if (nodeChanges.length) this.nodes.update(nodeChanges);
    const edgeChanges = [];
    for (const e of this.edges.get()) {
      const onPath = this.pathEdges.has(e.id);
      const want = {
        hidden: Boolean(hiddenNodes.has(e.from) || hiddenNodes.has(e.to) || (e.data.type && this.hidden.types.has(e.data.type))
          || this.below(e.data, this.confidence.hideUnder)),
        dashes: this.dashed(e.data),
        label: this.edgeLabel(e),
        width: onPath ? 4 : 1,
      };
      const wasOnPath = e.width === 4;
      if (Boolean(e.hidden) !== want.hidden || Boolean(e.dashes) !== want.dashes || (e.label || "") !== want.label
          || (e.width || 1) !== want.width || wasOnPath !== onPath) {
        edgeChanges.push({ id: e.id, ...want, color: onPath ? { color: "#c0392b", highlight: "#c0392b" } : PLAIN_EDGE });
      }
    }
    if (edgeChanges.length) this.edges.update(edgeChanges);
    this.placeLabels();
  }

  highlightPath(edgeIds) {
    this.pathEdges = new Set(edgeIds);
    this.applyFilters();
  }

  visible() {
    const pos = this.network.getPositions();
    const nodes = this.nodes.get({ filter: (n) => !n.hidden }).map((n) => ({ ...n.data, x: pos[n.id]?.x, y: pos[n.id]?.y }));
    const ids = new Set(nodes.map((n) => n.id));
    const edges = this.edges.get({ filter: (e) => !e.hidden && ids.has(e.from) && ids.has(e.to) }).map((e) => e.data);
    return { nodes, edges };
  }

  // The drawn nodes' box in canvas coordinates ({left, right, top, bottom}), or null when none is drawn.
  bounds() {
    const pos = Object.values(this.network.getPositions());
    if (!pos.length) return null;
    const xs = pos.map((p) => p.x), ys = pos.map((p) => p.y);
    return { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) };
  }

  // Fit after the panels settle: the canvas follows its container's size.
  fit(nodes) {
    this.network.setSize("100%", "100%");
    this.network.redraw();
    this.network.fit(nodes ? { nodes, animation: false } : { animation: false });
    this.placeLabels();
  }
}
