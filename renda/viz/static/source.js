// The article view: /source.html?id=SOURCE&start=S&end=E shows the article with every entity mention
// underlined (hover: the entity) and the span [S, E) highlighted and scrolled into view.
import { getJSON, el } from "./api.js";

const q = new URLSearchParams(location.search);
const hit = [Number(q.get("start")), Number(q.get("end"))];

function segments(text, mentions) {
  const cuts = new Set([0, text.length]);
  if (hit[1] > hit[0]) { cuts.add(hit[0]); cuts.add(hit[1]); }
  mentions.forEach((m) => { cuts.add(m.start); cuts.add(m.end); });
  const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const m = mentions.find((x) => x.start <= a && b <= x.end);
    out.push({ a, b, m, inHit: hit[1] > hit[0] && hit[0] <= a && b <= hit[1] });
  }
  return out;
}

// A record file: its dataset, licence and attribution, and the row the link names.
function showRecordFile(src) {
  document.title = `${src.dataset}/${src.file}${src.row ? `:${src.row.line}` : ""} — renda-graph`;
  document.getElementById("title").textContent = `${src.dataset}/${src.file}${q.get("line") ? ` · line ${q.get("line")}` : ""}`;
  document.getElementById("byline").textContent = [src.publisher, src.licence, `${src.rows ?? "?"} rows`, src.record_type]
    .filter(Boolean).join(" · ");
  const box = document.getElementById("text");
  const parts = [];
  if (src.row) {
    parts.push(el("table", { class: "record", id: "row" }, Object.entries(src.row.record).map(([k, v]) =>
      el("tr", {}, el("th", {}, k), el("td", {}, v)))), el("pre", { class: "raw" }, src.row.raw));
  } else if (q.get("line")) {
    parts.push(el("p", { id: "row-missing" }, `Line ${q.get("line")} cannot be shown: the file loaded from ${src.path || "?"} is not there as it was loaded.`));
  }
  if (src.attribution) parts.push(el("p", { class: "byline attribution" }, src.attribution));
  if (src.url) parts.push(el("p", { class: "byline" }, el("a", { href: src.url, rel: "noopener" }, src.url)));
  box.replaceChildren(...parts);
}

async function main() {
  const line = q.get("line");
  const src = await getJSON(`/sources/${encodeURIComponent(q.get("id") || "")}`, line ? { line } : {});
  if (src.record_type) { showRecordFile(src); return; }
  document.title = `${src.title} — renda-graph`;
  document.getElementById("title").textContent = src.title;
  document.getElementById("byline").textContent = [src.author.join("、"), src.id].filter(Boolean).join(" · ");
  // a page read from the web: who published it, where and when (and how the date was found), its address
  const when = src.published ? `${src.published}${src.published_from ? ` (${src.published_from})` : ""}` : null;
  const origin = [src.publisher, src.site, when].filter(Boolean).join(" · ");
  document.getElementById("origin").replaceChildren(
    ...(origin ? [el("span", { id: "origin-text" }, origin)] : []),
    ...(src.url ? [" · ", el("a", { id: "origin-url", href: src.url, rel: "noopener noreferrer" }, src.url)] : []));
  const box = document.getElementById("text");
  const chars = Array.from(src.text); // offsets count code points, as the API does (not UTF-16 units)
  const parts = segments(chars, src.mentions);
  let mark = null;
  for (const s of parts) {
    const piece = chars.slice(s.a, s.b).join("");
    const node = s.m
      ? el("a", { class: "mention", href: `/#root=${encodeURIComponent(s.m.entity.id)}`, title: `${s.m.entity.name} · ${s.m.entity.label}` }, piece)
      : document.createTextNode(piece);
    if (s.inHit) {
      if (!mark) { mark = el("mark", { id: "hit" }); box.append(mark); }
      mark.append(node);
    } else {
      mark = null; box.append(node);
    }
  }
  document.getElementById("hit")?.scrollIntoView({ block: "center" });
}

main().catch((err) => { document.getElementById("status").textContent = `⚠ ${err.message}`; });
