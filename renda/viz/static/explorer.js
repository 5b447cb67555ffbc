// The explorer at /: search, expand and collapse, filters, legend, side panel, path finder,
// area view, export, a URL that restores the view, and for a user signed in with a token,
// judgements on edges and the review queue. Uses only the renda-graph API.
import { api, auth, el, setTime } from "./api.js";
import { combobox } from "./combo.js";
import { Graph } from "./graph.js";
import * as panel from "./panel.js";
import { restoreState, shareUrl } from "./state.js";

const $ = (id) => document.getElementById(id);
const EXPAND_MAX = 60;
// since / until: the time range (YYYY, or a term's YYYY-MM) every read goes through; term: the term picked;
// steps / hierarchy: the path finder's options of the path drawn
const state = { root: null, area: null, path: null, sel: null, since: null, until: null, term: null, steps: null, hierarchy: null };
let graph, ctx;

function status(text) { $("status").textContent = text; }
function fail(err) { status(`⚠ ${err.message || err}`); }

function summary() {
  const shown = graph.nodes.get({ filter: (n) => !n.hidden && !n.data.stand_in }).length;
  status(`${shown} nodes · ${graph.edges.get({ filter: (e) => !e.hidden && e.data.type }).length} edges`);
  $("empty").hidden = graph.nodes.length > 0;
  renderLegend(); renderFilters();
}

async function showRoot(id) {
  status("loading…");
  const view = await api.neighborhood(id, 1, 150);
  graph.clear();
  Object.assign(state, { root: id, area: null, path: null });
  const added = graph.add(view);
  graph.pinned.add(id);
  graph.record(id, view, added.filter((x) => x !== id));
  select(id); graph.fit(); summary();
  showTerms(id).catch(() => showTerms(null));
  if (view.nodes.some((n) => n.stand_in === "group")) status(`${$("status").textContent} · grouped: click a group to open it`);
}

async function showArea(code) {
  status("loading…");
  const view = await api.area(code);
  graph.clear();
  Object.assign(state, { root: null, area: code, path: null, sel: null });
  showTerms(null);
  panel.hide();
  graph.add(view);
  graph.pinned.add(view.root);
  graph.fit(); summary();
  if (view.truncated) status(`${$("status").textContent} · grouped by division: click a group to open it`);
}

async function expand(id) {
  const node = graph.nodes.get(id);
  if (!node) return;
  if (node.data.stand_in === "aggregate") return openAggregate(node);
  if (node.data.stand_in === "group") return openGroup(node);
  if (node.data.stand_in === "more") return expandMore(node);
  const view = await api.neighborhood(id, 1, EXPAND_MAX);
  graph.removeNodes([`more:${id}`]);
  graph.record(id, view, graph.add(view, id));
  summary();
}

async function expandMore(node) {
  const of = node.data.of;
  graph.removeNodes([node.id]);
  const view = await api.neighborhood(of, 1, 400);
  graph.record(of, view, graph.add(view, of));
  summary();
}

async function openAggregate(node) {
  const code = node.data.area_code;
  const view = await api.area(code);
  const at = graph.network.getPosition(node.id);
  const rootOwn = view.nodes.find((n) => n.id === view.root);
  view.nodes.forEach((n) => { n.x += at.x - rootOwn.x; n.y += at.y - rootOwn.y; });
  graph.removeNodes([node.id]);
  graph.record(node.id, view, graph.add(view));
  summary();
}

// A group of a node's neighbours (a delegation, a role…): its members, in a cluster of their own.
async function openGroup(node) {
  const { key, value } = node.data.aggregate;
  const view = await api.neighborhood(node.data.of, 1, 400, { expand_group: `${key}:${value}` });
  // members in a sunflower beyond the drawing, out from the root in the group's direction: a
  // cluster of their own that covers nothing already drawn
  const at = graph.network.getPosition(node.id), root = graph.network.getPosition(view.root);
  const pos = Object.values(graph.network.getPositions());
  const reach = Math.max(0, ...pos.map((p) => Math.hypot(p.x - root.x, p.y - root.y)));
  const members = view.nodes.filter((n) => n.id !== view.root && !graph.nodes.get(n.id));
  const spread = 55 * Math.sqrt(members.length + 1);
  const len = Math.hypot(at.x - root.x, at.y - root.y) || 1;
  const c = { x: root.x + ((at.x - root.x) / len) * (reach + spread + 80), y: root.y + ((at.y - root.y) / len) * (reach + spread + 80) };
  members.forEach((n, k) => {
    const r = 55 * Math.sqrt(k + 0.5), a = k * 2.39996;
    n.x = c.x + r * Math.cos(a); n.y = c.y + r * Math.sin(a);
  });
  graph.removeNodes([node.id]);
  const added = graph.add(view);
  graph.record(node.id, view, added);
  graph.fit();
  summary();
  status(`${$("status").textContent} · ${value}: ${node.data.count}`);
}

function collapse(id) { graph.collapse(id); summary(); }
const isExpanded = (id) => graph.expanded.has(id);

async function toggle(id) {
  try {
    if (isExpanded(id) && !id.startsWith("aggregate:")) collapse(id);
    else await expand(id);
  } catch (err) { fail(err); }
}

function select(id) {
  const node = graph.nodes.get(id);
  if (!node) return;
  state.sel = id;
  graph.network.selectNodes([id]);
  panel.showNode(node, ctx);
}

// A node named in the panel: select it, drawing its neighbourhood first when it is not on the graph.
async function focus(id) {
  try {
    if (!graph.nodes.get(id)) {
      const view = await api.neighborhood(id, 1, EXPAND_MAX);
      graph.record(id, view, graph.add(view, state.sel));
      summary();
    }
    graph.network.focus(id, { scale: graph.network.getScale(), animation: false });
    select(id);
  } catch (err) { fail(err); }
}

const pathEnds = { from: null, to: null };
const PATH_MAX_DEPTH = 10; // the API's bound (GET /paths max_depth)
function pathEnd(which, hit) {
  pathEnds[which] = hit;
  $(`path-${which}`).value = hit.name;
  $("side").classList.remove("closed");
  $("toggle-side").setAttribute("aria-expanded", "true");
}

// A path end whose box no longer shows its name is no end at all (the box was cleared or retyped).
function forgetEdited(which) {
  const hit = pathEnds[which];
  if (hit && $(`path-${which}`).value.trim() !== hit.name) pathEnds[which] = null;
}

// The name of an entity known only by its id (a restored link): from the graph, else the API.
async function nameOf(id) {
  const drawn = graph.nodes.get(id);
  if (drawn) return drawn.data.name;
  try { return (await api.entity(id)).name || id; } catch { return id; }
}

function pathDepth() {
  const n = Math.round(Number($("path-depth").value) || 6);
  return Math.min(PATH_MAX_DEPTH, Math.max(1, n));
}

// Nodes of a path that are not drawn yet: next to what is drawn when one of its nodes is, else in
// rows of their own (a row per path, in path order) to the right of the current drawing.
async function drawPathNodes(result, ids) {
  const missing = ids.filter((x) => !graph.nodes.get(x));
  if (!missing.length) return;
  const view = await api.subgraph(ids);
  const anchor = ids.find((x) => graph.nodes.get(x));
  if (anchor) { graph.add(view, anchor); return; }
  const placed = new Map();
  result.paths.forEach((p, row) => p.nodes.forEach((n, col) => {
    if (!placed.has(n.id)) placed.set(n.id, { x: col * 200, y: row * 110 });
  }));
  const box = graph.bounds();
  const left = box ? box.right + 260 : 0, top = box ? (box.top + box.bottom) / 2 - (result.paths.length - 1) * 55 : 0;
  view.nodes.forEach((n) => { const at = placed.get(n.id) || { x: 0, y: 0 }; n.x = left + at.x; n.y = top + at.y; });
  graph.add(view);
}

async function findPath() {
  forgetEdited("from"); forgetEdited("to");
  const { from, to } = pathEnds;
  if (!from || !to) { status("choose both ends of the path"); return; }
  status("finding path…");
  const [steps, hierarchy] = [pathDepth(), $("path-hierarchy").value];
  const result = await api.paths(from.id, to.id, steps, hierarchy);
  Object.assign(state, { path: [from.id, to.id], steps, hierarchy });
  const ids = [...new Set(result.paths.flatMap((p) => p.nodes.map((n) => n.id)))];
  await drawPathNodes(result, ids);
  ids.forEach((x) => graph.pinned.add(x));
  graph.highlightPath(result.paths.flatMap((p) => p.edges.map((e) => `${e.source}|${e.type}|${e.target}`)));
  summary();
  panel.showPaths(result, { from: from.name, to: to.name });
  if (ids.length) graph.fit(ids);
  status(result.paths.length ? `path of ${result.paths[0].edges.length} steps` : "no path");
}

// -- time: a range of years (or a body's term) that every view, expansion and path is read in ----------
const yearOf = (date) => (date ? String(date).slice(0, 4) : "");

function showTimeInputs() {
  $("time-from").value = yearOf(state.since);
  $("time-to").value = yearOf(state.until);
  $("time-term").value = state.term && [...$("time-term").options].some((o) => o.value === state.term) ? state.term : "";
  $("time-box").classList.toggle("active", Boolean(state.since || state.until));
}

// The terms (届) of the root, when it is a body whose terms are known: picking one reads the view in its dates.
async function showTerms(id) {
  const box = $("time-term");
  const terms = id ? (await api.entity(id)).properties?.terms : null;
  const known = terms && typeof terms === "object" ? Object.entries(terms).filter(([, t]) => t && t.start_date) : [];
  box.replaceChildren(box.options[0], ...known.map(([k, t]) => el("option", { value: k, "data-since": t.start_date,
    "data-until": t.end_date || "" }, `第${k}届 ${t.start_date}–${t.end_date || ""}`)));
  box.hidden = !known.length;
  showTimeInputs();
}

// Read the current view again in the range since..until (either may be open; none for all time): the root
// with the nodes expanded, or the area, and the path. One change at a time, in the order they were made.
// ``pick`` gives the range when its turn comes (the year boxes as they are then, not as they were when
// an event fired: focus moving between the boxes fires changes of half-typed ranges); the same range
// again reads nothing.
let rangeJob = Promise.resolve();
function queueRange(pick) {
  rangeJob = rangeJob.then(() => {
    const [since, until, term] = pick().map((v) => v || null);
    if (since === state.since && until === state.until && term === state.term) return undefined;
    return readRange(since, until, term);
  }).catch(fail);
  return rangeJob;
}
const setRange = (since, until, term = null) => queueRange(() => [since, until, term]);

async function readRange(since, until, term) {
  Object.assign(state, { since: since || null, until: until || null, term: term || null });
  setTime(state.since, state.until);
  showTimeInputs();
  const opened = [...graph.expanded.keys()].filter((x) => x !== state.root);
  const path = state.path;
  if (state.root) {
    await showRoot(state.root);
    for (const id of opened) if (graph.nodes.get(id)) await expand(id);
  } else if (state.area) await showArea(state.area);
  if (path && pathEnds.from && pathEnds.to) await findPath();
  const range = state.term ? `term ${state.term}` : state.since || state.until ? `${yearOf(state.since) || "…"}–${yearOf(state.until) || "…"}` : "all time";
  status(`${$("status").textContent} · ${range}`);
}

function wireTime() {
  const years = () => queueRange(() => [...[$("time-from").value, $("time-to").value]
    .map((v) => (/^\d{4}$/.test(v.trim()) ? v.trim() : null)), null]);
  $("time-from").addEventListener("change", years);
  $("time-to").addEventListener("change", years);
  $("time-all").addEventListener("click", () => setRange(null, null));
  $("time-term").addEventListener("change", () => {
    const o = $("time-term").selectedOptions[0];
    if (!o || !o.value) setRange(null, null);
    else setRange(o.dataset.since, o.dataset.until || null, o.value);
  });
}

function renderLegend() {
  const counts = {};
  graph.nodes.get({ filter: (n) => !n.hidden }).forEach((n) => {
    const key = n.data.stand_in || n.data.label; counts[key] = (counts[key] || 0) + 1;
  });
  const entries = [...Object.entries(graph.style.labels), ...Object.entries(graph.style.stand_ins)];
  $("legend").replaceChildren(...entries.filter(([k]) => counts[k]).map(([k, st]) => el("li", {},
    el("i", { style: `background:${st.color}` }), st.name || (k === "more" ? "+N more" : "area group"), el("small", {}, counts[k]))));
}

function checks(box, values, hidden) {
  box.replaceChildren(...[...values].sort().map((v) => el("label", {},
    el("input", { type: "checkbox", checked: !hidden.has(v), value: v, onchange: (ev) => {
      if (ev.target.checked) hidden.delete(v); else hidden.add(v);
      graph.applyFilters(); summary();
    } }), v)));
}

function renderFilters() {
  const all = graph.nodes.get().map((n) => n.data).filter((d) => !d.stand_in);
  const labels = new Set([...all.map((d) => d.label), ...graph.hidden.labels]);
  const kinds = new Set([...all.map((d) => d.kind).filter(Boolean), ...graph.hidden.kinds]);
  const types = new Set([...graph.edges.get().map((e) => e.data.type).filter(Boolean), ...graph.hidden.types]);
  checks($("f-labels"), labels, graph.hidden.labels);
  checks($("f-kinds"), kinds, graph.hidden.kinds);
  checks($("f-types"), types, graph.hidden.types);
}

// The confidence sliders: dash edges under one value, hide those under the other (records never).
function showConfidence() {
  const c = graph.confidence;
  $("f-dash").value = c.dashUnder; $("f-hide").value = c.hideUnder;
  $("f-dash-out").textContent = c.dashUnder.toFixed(2);
  $("f-hide-out").textContent = c.hideUnder.toFixed(2);
}

function wireConfidence() {
  const apply = () => {
    graph.confidence.dashUnder = Number($("f-dash").value);
    graph.confidence.hideUnder = Number($("f-hide").value);
    showConfidence(); graph.applyFilters(); summary();
  };
  $("f-dash").addEventListener("input", apply);
  $("f-hide").addEventListener("input", apply);
  showConfidence();
}

// -- judgements: what the graph shows after the server stored one ---------------------------------
function judgedKey(key, decision, stored) {
  const id = `${key.source}|${key.type}|${key.target}`;
  const edge = graph.edges.get(id);
  if (decision === "confirm") {
    if (edge) {
      edge.data.properties = { ...edge.data.properties, confirmed: true, confirmed_by: stored.user, confirmed_at: stored.at };
      graph.edges.update({ id, data: edge.data });
    }
  } else {
    if (edge) graph.edges.remove(id);
    if (decision === "correct" && graph.nodes.get(key.source)) {
      api.neighborhood(key.source, 1, EXPAND_MAX).then((view) => { graph.add(view, key.source); summary(); }).catch(fail);
    }
  }
  summary();
  status(`${$("status").textContent} · ${decision === "confirm" ? "confirmed" : decision + "ed"}: ${key.type}`);
}

function judged(edge, decision, stored) {
  judgedKey(edge.data, decision, stored);
  if (decision === "confirm") panel.showEdge(graph.edges.get(edge.id), ctx);
}

async function openQueue() {
  const area = state.area || $("area-county").value || $("area-city").value || $("area-province").value || undefined;
  status("loading the review queue…");
  const body = await api.review({ limit: 20, area });
  panel.showQueue({ items: body.items, at: 0, total: body.total }, ctx);
  status(`review queue: ${body.total} unjudged edges${area ? ` in ${area}` : ""}`);
}

function showSignedIn() {
  const signed = auth.signedIn();
  $("sign-in").textContent = signed ? `${auth.user()} · sign out` : "Sign in";
  $("sign-in-form").hidden = true;
}

function wireSignIn() {
  $("sign-in").addEventListener("click", () => {
    if (auth.signedIn()) { auth.clear(); showSignedIn(); panel.hide(); return; }
    $("sign-in-form").hidden = !$("sign-in-form").hidden;
    if (!$("sign-in-form").hidden) $("token").focus();
  });
  $("sign-in-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const token = $("token").value.trim();
    try {
      const me = await api.me(token);
      auth.set(token, me.user);
      $("token").value = "";
      showSignedIn();
      status(`signed in as ${me.user}${me.role === "read" ? " (read only)" : ""}`);
    } catch (err) { status(`⚠ sign-in: ${err.message}`); }
  });
  $("queue-open").addEventListener("click", () => openQueue().catch(fail));
  showSignedIn();
}

function download(blob, name) {
  const a = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// The drawing with its legend in a strip beneath: the label colours and counts of what is shown.
function pngCanvas() {
  const canvas = $("graph").querySelector("canvas");
  const items = [...$("legend").querySelectorAll("li")].map((li) => ({
    color: li.querySelector("i")?.style.background || "#999", text: li.textContent.trim() }));
  const ratio = canvas.width / Math.max(1, canvas.clientWidth || canvas.width);
  const row = Math.round(22 * ratio), perRow = Math.max(1, Math.floor(canvas.width / (190 * ratio)));
  const strip = items.length ? row * Math.ceil(items.length / perRow) + row / 2 : 0;
  const out = document.createElement("canvas");
  out.width = canvas.width; out.height = canvas.height + strip;
  const g = out.getContext("2d");
  g.fillStyle = "#fff"; g.fillRect(0, 0, out.width, out.height); g.drawImage(canvas, 0, 0);
  g.font = `${Math.round(13 * ratio)}px "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif`;
  g.textBaseline = "middle";
  items.forEach((it, i) => {
    const x = (i % perRow) * 190 * ratio + 12 * ratio, y = canvas.height + Math.floor(i / perRow) * row + row * 0.75;
    g.fillStyle = it.color; g.beginPath(); g.arc(x, y, 6 * ratio, 0, 2 * Math.PI); g.fill();
    g.fillStyle = "#1f2933"; g.fillText(it.text, x + 12 * ratio, y);
  });
  return out;
}

function exportPng() {
  pngCanvas().toBlob((blob) => download(blob, "renda-view.png"), "image/png");
}

function exportJson() {
  const data = { ...graph.visible(), url: shareUrl(state, graph) };
  download(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }), "renda-view.json");
}

async function exportLink() {
  const url = shareUrl(state, graph);
  history.replaceState(null, "", url);
  const box = $("share-url"); box.hidden = false; box.value = url; box.select();
  try { await navigator.clipboard.writeText(url); status("link copied"); } catch { status("link ready: copy it from the box"); }
}

async function loadAreaSelect(select, parent) {
  const items = await api.areas(parent);
  select.replaceChildren(select.options[0], ...items.map((a) => el("option", { value: a.code }, a.name)));
  select.disabled = !items.length;
}

function wireAreas() {
  const [prov, city, county, go] = ["area-province", "area-city", "area-county", "area-go"].map($);
  const chosen = () => county.value || city.value || prov.value;
  prov.addEventListener("change", async () => {
    city.disabled = county.disabled = true; county.value = "";
    if (prov.value) await loadAreaSelect(city, prov.value).catch(fail);
    go.disabled = !chosen();
  });
  city.addEventListener("change", async () => {
    county.disabled = true;
    if (city.value) await loadAreaSelect(county, city.value).catch(fail);
    go.disabled = !chosen();
  });
  county.addEventListener("change", () => { go.disabled = !chosen(); });
  go.addEventListener("click", () => showArea(chosen()).catch(fail));
  loadAreaSelect(prov).catch(fail);
}

function wire() {
  combobox($("q"), $("q-list"), (hit) => showRoot(hit.id).catch(fail));
  combobox($("path-from"), $("path-from-list"), (hit) => pathEnd("from", hit));
  combobox($("path-to"), $("path-to-list"), (hit) => pathEnd("to", hit));
  $("path-go").addEventListener("click", () => findPath().catch(fail));
  ["from", "to"].forEach((w) => $(`path-${w}`).addEventListener("input", () => forgetEdited(w)));
  $("export-png").addEventListener("click", exportPng);
  $("export-json").addEventListener("click", exportJson);
  $("export-link").addEventListener("click", () => exportLink().catch(fail));
  $("panel-close").addEventListener("click", panel.hide);
  $("toggle-side").addEventListener("click", () => {
    const closed = $("side").classList.toggle("closed");
    $("toggle-side").setAttribute("aria-expanded", String(!closed));
  });
  document.querySelectorAll("[data-q]").forEach((b) => b.addEventListener("click", () => {
    $("q").value = b.dataset.q; $("q").focus(); $("q").dispatchEvent(new Event("input"));
  }));
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "/" && !/INPUT|SELECT|TEXTAREA/.test(document.activeElement.tagName)) { ev.preventDefault(); $("q").focus(); }
  });
  graph.network.on("click", (p) => {
    if (p.nodes.length) {
      const id = p.nodes[0];
      select(id);
      if (id !== state.root) toggle(id); // the root's neighbourhood is the view itself
    } else if (p.edges.length) {
      const edge = graph.edges.get(p.edges[0]);
      if (edge) panel.showEdge(edge, ctx);
    }
  });
  $("graph").addEventListener("mouseleave", () => {
    document.querySelectorAll("#graph .vis-tooltip").forEach((t) => { t.style.visibility = "hidden"; });
  });
  wireAreas();
  wireTime();
  wireConfidence();
  wireSignIn();
  if (matchMedia("(max-width: 900px)").matches) {
    $("side").classList.add("closed");
    $("toggle-side").setAttribute("aria-expanded", "false");
  }
}

async function main() {
  const style = await api.style();
  graph = new Graph($("graph"), style);
  ctx = { graph, style, toggle, isExpanded, focus, pathEnd: (w, d) => pathEnd(w, d), judged, judgedKey, openQueue,
    showRoot: (id) => showRoot(id).catch(fail) };
  window.renda = { graph, state, showRoot, showArea, expand, collapse, findPath, pathEnd, pathEnds, openQueue, pngCanvas, setRange }; // for tests and the console
  wire();
  await restoreState(location.hash, { showRoot, showArea, expand, graph, select, pathEnd, findPath, state, nameOf,
    setTime: (since, until, term) => { Object.assign(state, { since, until, term }); setTime(since, until); showTimeInputs(); },
    pathOptions: (steps, hierarchy) => {
      if (steps) $("path-depth").value = steps;
      if (hierarchy && [...$("path-hierarchy").options].some((o) => o.value === hierarchy)) $("path-hierarchy").value = hierarchy;
    } });
  showConfidence(); summary();
}

main().catch(fail);
