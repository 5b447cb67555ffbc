// The view in the URL: #root=ID or #area=CODE, then expand=ID (in order), path=FROM,TO, hide=l:LABEL|k:KIND|t:TYPE,
// hide_under=X and dash_under=X (the confidence sliders, when not at their defaults), sel=ID, since=DATE,
// until=DATE and term=N (the time range), steps=N and hierarchy=all|top|none (the path finder's options of the
// path drawn). Opening such a URL replays those steps, so a shared link shows the same view.

export function shareUrl(state, graph) {
  const p = new URLSearchParams();
  if (state.root) p.set("root", state.root);
  if (state.area) p.set("area", state.area);
  for (const id of graph.expanded.keys()) if (id !== state.root) p.append("expand", id);
  if (state.path) p.set("path", state.path.join(","));
  if (state.path && state.steps) p.set("steps", state.steps);
  if (state.path && state.hierarchy) p.set("hierarchy", state.hierarchy);
  for (const key of ["since", "until", "term"]) if (state[key]) p.set(key, state[key]);
  const hide = [
    ...[...graph.hidden.labels].map((v) => `l:${v}`),
    ...[...graph.hidden.kinds].map((v) => `k:${v}`),
    ...[...graph.hidden.types].map((v) => `t:${v}`),
  ];
  if (hide.length) p.set("hide", hide.join("|"));
  const conf = graph.confidence;
  if (conf.hideUnder > 0) p.set("hide_under", conf.hideUnder);
  if (conf.dashUnder !== conf.dashDefault) p.set("dash_under", conf.dashUnder);
  if (state.sel) p.set("sel", state.sel);
  return `${location.origin}${location.pathname}#${p}`;
}

export async function restoreState(hash, app) {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  if (!p.toString()) return;
  const date = (v) => (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v || "") ? v : null);
  if (date(p.get("since")) || date(p.get("until"))) {
    app.setTime(date(p.get("since")), date(p.get("until")), /^\d{1,3}$/.test(p.get("term") || "") ? p.get("term") : null);
  }
  if (p.get("root")) await app.showRoot(p.get("root"));
  else if (p.get("area")) await app.showArea(p.get("area"));
  for (const id of p.getAll("expand")) {
    if (app.graph.nodes.get(id)) await app.expand(id);
  }
  for (const item of (p.get("hide") || "").split("|").filter(Boolean)) {
    const [kind, value] = [item.slice(0, 1), item.slice(2)];
    ({ l: app.graph.hidden.labels, k: app.graph.hidden.kinds, t: app.graph.hidden.types })[kind]?.add(value);
  }
  for (const [key, field] of [["hide_under", "hideUnder"], ["dash_under", "dashUnder"]]) {
    const x = Number(p.get(key));
    if (p.has(key) && x >= 0 && x <= 1) app.graph.confidence[field] = x;
  }
  app.graph.applyFilters();
  const path = (p.get("path") || "").split(",").filter(Boolean);
  if (path.length === 2) {
    app.pathOptions(Number(p.get("steps")) || null, p.get("hierarchy"));
    app.pathEnd("from", { id: path[0], name: await app.nameOf(path[0]) });
    app.pathEnd("to", { id: path[1], name: await app.nameOf(path[1]) });
    await app.findPath();
  }
  if (p.get("sel") && app.graph.nodes.get(p.get("sel"))) app.select(p.get("sel"));
}
