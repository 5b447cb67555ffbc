// The side panel: the selected node's properties and evidence, an edge's sentences, a path's steps.
import { api, auth, edgeKey, el, marked } from "./api.js";

const body = () => document.getElementById("panel-body");

export function show(...content) {
  const panel = document.getElementById("panel");
  body().replaceChildren(el("div", {}, ...content));
  panel.hidden = false;
}

export function hide() { document.getElementById("panel").hidden = true; }

function sourceLink(ev) {
  const q = new URLSearchParams({ id: ev.source_id, start: ev.start, end: ev.end });
  return el("a", { href: `/source.html?${q}`, target: "_blank", rel: "noopener", class: "source-link" }, "article ↗");
}

// How sure a rule is: its measured precision and the judged relations behind it (none for records).
export function sureness(confidence, n) {
  if (confidence === null || confidence === undefined) return null;
  return el("span", { class: "sure", title: `measured precision of the rule on ${n} judged relations` },
    `confidence ${confidence.toFixed(2)} (n ${n})`);
}

function rowLink(ev) {
  const q = new URLSearchParams({ id: ev.source_id, line: ev.line });
  return el("a", { href: `/source.html?${q}`, target: "_blank", rel: "noopener", class: "source-link" }, "row ↗");
}

// Evidence from a record file, as a record: its fields by name, then dataset, file:line, licence, attribution.
function recordEvidence(ev) {
  const where = `${ev.dataset || ""}/${ev.file || ""}${ev.line ? `:${ev.line}` : ""}`;
  return el("div", { class: "evidence record" },
    ev.record
      ? el("dl", { class: "fields" }, Object.entries(ev.record).map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]))
      : el("p", {}, "named in the file (no single row)"),
    el("div", { class: "meta" }, el("span", { class: "where" }, where), ev.line ? rowLink(ev) : null,
      ev.licence ? el("span", { class: "licence" }, ev.licence) : null),
    ev.attribution ? el("div", { class: "meta attribution" }, ev.attribution) : null);
}

// Evidence newest first (by its source's date; undated last).
export const newestFirst = (items) => [...items].sort((a, b) => (b.published || "").localeCompare(a.published || ""));

// When an edge's evidence dates it: "2021-03-04 – 2024-01-02" (a post: its start and end).
function seen(e) {
  if (!e.first_seen && !e.last_seen) return null;
  const span = e.first_seen === e.last_seen ? e.first_seen : `${e.first_seen || "…"} – ${e.last_seen || "…"}`;
  return el("p", { class: "seen" }, "seen ", el("time", {}, span));
}

// One evidence item: its date, the sentence with its span marked, where it comes from, why the edge exists,
// how sure that is.
export function evidence(ev, rule) {
  if (ev.dataset !== undefined && ev.dataset !== null) return recordEvidence(ev);
  return el("div", { class: "evidence" },
    marked(ev.sentence || ev.text, ev.text, ev.offset),
    el("div", { class: "meta" }, ev.published ? el("time", { class: "date" }, ev.published) : null, sourceLink(ev), (ev.rule || rule) ? el("span", {}, `rule: ${ev.rule || rule}`) : null,
      sureness(ev.confidence, ev.confidence_n)));
}

// What an edge's confidence is: its surest sentence's, or none (records).
function edgeSureness(e) {
  if (e.confidence === null || e.confidence === undefined) {
    return e.evidence.length ? el("p", { class: "sure" }, "no confidence: from records, not a guess") : null;
  }
  return el("p", {}, sureness(e.confidence, e.confidence_n), " — its surest sentence's");
}

function badge(style, label) {
  const st = style.labels[label] || {};
  return el("span", { class: "badge", style: `background:${st.color || "#999"}` }, label || "");
}

export async function showNode(node, ctx) {
  const d = node.data;
  if (d.stand_in) {
    show(el("h2", {}, d.name), el("p", {}, d.stand_in === "aggregate"
      ? `${d.count} nodes placed in and beneath ${d.name}. Click the node to open it.`
      : `${d.count} neighbours of this node are not drawn. Click to draw them.`));
    return;
  }
  show(el("h2", {}, d.name), el("div", { class: "id" }, d.id), el("p", {}, "loading…"));
  let ent;
  try { ent = await api.entity(d.id); } catch (err) { show(el("h2", {}, d.name), el("p", {}, String(err.message))); return; }
  // a merged id answers with the entity it was merged into: say so, and lead there
  const merged = ent.id !== d.id ? el("p", { class: "merged", role: "note" },
    `${d.name} (${d.id}) is merged into `,
    el("button", { type: "button", class: "link", onclick: () => ctx.showRoot(ent.id) }, `${ent.name} (${ent.id})`),
    ": shown below.") : null;
  const props = Object.entries(ent.properties).filter(([k]) => k !== "text");
  const actions = el("div", { class: "actions" },
    el("button", { type: "button", onclick: () => ctx.toggle(d.id) }, ctx.isExpanded(d.id) ? "Collapse" : "Expand"),
    el("button", { type: "button", onclick: () => ctx.pathEnd("from", d) }, "Path from here"),
    el("button", { type: "button", onclick: () => ctx.pathEnd("to", d) }, "Path to here"),
    el("a", { href: `/viz/${encodeURIComponent(d.id)}.html?depth=2`, target: "_blank", rel: "noopener" }, "page ↗"));
  const rels = el("ul", { class: "rels" }, ent.relationships.map((g) => el("li", {},
    `${g.direction === "out" ? "→" : "←"} ${g.type} (${g.count}): `,
    g.items.slice(0, 6).map((s, i) => [i ? ", " : "", s.node.label === "Source"
      ? el("a", { href: `/source.html?id=${encodeURIComponent(s.node.id)}`, target: "_blank", rel: "noopener" }, s.node.name)
      : el("button", { type: "button", class: "link", onclick: () => ctx.focus(s.node.id),
          title: s.confidence === null || s.confidence === undefined ? undefined : `confidence ${s.confidence.toFixed(2)} (n ${s.confidence_n})` },
        s.node.name)]),
    g.count > 6 ? " …" : "")));
  show(
    merged,
    el("h2", {}, ent.name), el("div", {}, badge(ctx.style, ent.label), d.kind || ""), el("div", { class: "id" }, ent.id),
    actions,
    ent.aliases.length ? el("p", {}, "also: ", ent.aliases.join("、")) : null,
    el("h3", {}, "Properties"),
    el("dl", {}, props.map(([k, v]) => [el("dt", {}, k), el("dd", {}, typeof v === "object" ? JSON.stringify(v) : String(v))])),
    el("h3", {}, `Evidence (${ent.evidence.length})`),
    ent.evidence.length ? newestFirst(ent.evidence).map((ev) => evidence(ev)) : el("p", {}, "reference data: no article behind it"),
    el("h3", {}, "Relationships"), rels);
}

// Who confirmed an edge, and when (judgements mark it so wherever it is shown).
export function confirmedMark(props) {
  if (!props?.confirmed) return null;
  return el("p", { class: "confirmed" }, `✓ confirmed by ${props.confirmed_by || "?"} · ${props.confirmed_at || ""}`);
}

// Confirm / Reject / Correct for a signed-in user; ``done(decision, answer)`` after the server stored it.
export function judgeButtons(e, types, done) {
  if (!auth.signedIn() || !e.type) return null;
  const note = el("p", { class: "judge-note", role: "status" });
  const reason = el("input", { type: "text", class: "reason", placeholder: "reason (optional)", "aria-label": "Reason" });
  const typeSel = el("select", { "aria-label": "Correct type to" },
    types.filter((t) => t !== e.type).map((t) => el("option", { value: t }, t)));
  const send = async (decision, correction = null) => {
    note.textContent = "saving…";
    try {
      const stored = await api.judge(edgeKey(e), decision, reason.value, correction);
      note.textContent = `${decision === "confirm" ? "confirmed" : decision === "reject" ? "rejected" : "corrected"} as ${stored.user}`;
      done(decision, stored);
    } catch (err) { note.textContent = `⚠ ${err.message}`; }
  };
  return el("div", { class: "judge" },
    el("h3", {}, `Judge this edge (as ${auth.user()})`), reason,
    el("div", { class: "actions" },
      el("button", { type: "button", class: "confirm", onclick: () => send("confirm") }, "Confirm"),
      el("button", { type: "button", class: "reject", onclick: () => send("reject") }, "Reject"),
      el("button", { type: "button", class: "correct", onclick: () => send("correct", { type: typeSel.value }) }, "Correct to"),
      typeSel),
    note);
}

export function showEdge(edge, ctx) {
  const e = edge.data;
  const from = ctx.graph.nodes.get(e.source), to = ctx.graph.nodes.get(e.target);
  show(
    el("h2", {}, e.type || "more"),
    el("p", {}, from ? from.data.name : e.source, el("span", { class: "arrow" }, ` —${e.type || ""}→ `), to ? to.data.name : e.target),
    e.type ? edgeSureness(e) : null,
    seen(e),
    confirmedMark(e.properties),
    judgeButtons(e, ctx.style.relationships || [], (decision, stored) => ctx.judged(edge, decision, stored)),
    el("h3", {}, `Evidence (${e.evidence.length})`),
    e.evidence.length ? newestFirst(e.evidence).map((ev) => evidence(ev, e.properties?.rule)) : el("p", {}, "no sentence: reference data"));
}

// The review queue, one edge at a time: its ends, sentences, rule and confidence, and the buttons.
// Every decision (confirm, reject, correct) takes its edge out of the queue: the count of unjudged
// edges drops with each; a skip leaves it.
export function showQueue(queue, ctx) {
  const { items, at, total } = queue;
  const left = total - (queue.judged || 0);
  if (at >= items.length) {
    show(el("h2", {}, "Review queue"),
      el("p", { class: "queue-done" }, `Done: ${items.length} of ${total} reviewed in this round (${left} unjudged).`),
      el("button", { type: "button", onclick: () => ctx.openQueue() }, "Next round"));
    return;
  }
  const it = items[at];
  const e = { ...it.edge, evidence: it.evidence };
  const next = () => { queue.at += 1; showQueue(queue, ctx); };
  const judged = (decision, stored) => { queue.judged = (queue.judged || 0) + 1; ctx.judgedKey(e, decision, stored); next(); };
  show(
    el("h2", {}, "Review queue"),
    el("p", { class: "progress" }, `${at + 1} / ${items.length}`, el("small", {}, ` (${left} unjudged)`)),
    el("p", {}, el("strong", {}, it.source_node?.name || e.source), el("span", { class: "arrow" }, ` —${e.type}→ `),
      el("strong", {}, it.target_node?.name || e.target)),
    el("p", {}, `rule: ${it.rule} · `, sureness(it.confidence, it.confidence_n)),
    judgeButtons(e, ctx.style.relationships || [], judged),
    el("div", { class: "actions" }, el("button", { type: "button", class: "skip", onclick: next }, "Skip")),
    e.evidence.map((ev) => evidence(ev, it.rule)));
}

export function showPaths(result, names) {
  if (!result.paths.length) {
    show(el("h2", {}, "No path"), el("p", { class: "advice" }, result.message || `No path of at most ${result.max_depth} steps between these two.`));
    return;
  }
  show(el("h2", {}, `Path: ${names.from} → ${names.to}`),
    el("p", {}, `${result.paths.length} shortest path(s) of ${result.paths[0].edges.length} steps.`),
    result.paths.map((p, i) => el("div", {}, el("h3", {}, `Path ${i + 1}`), p.edges.map((e) => {
      const a = p.nodes.find((n) => n.id === e.source), b = p.nodes.find((n) => n.id === e.target);
      return el("div", { class: "step" }, el("strong", {}, a?.name || e.source), el("span", { class: "arrow" }, ` —${e.type}→ `),
        el("strong", {}, b?.name || e.target), sureness(e.confidence, e.confidence_n), seen(e),
        newestFirst(e.evidence).map((ev) => evidence(ev, e.properties?.rule)));
    }))));
}
