// Calls to the renda-graph API (same origin). Every function resolves to parsed JSON or throws an Error
// whose message is the API's own error message.

export async function getJSON(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) v.forEach((x) => url.searchParams.append(k, x));
    else if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  const r = await fetch(url);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body?.error?.message || `${r.status} ${r.statusText}`);
  return body;
}

const enc = encodeURIComponent;
export const api = {
  style: () => getJSON("/views/style"),
  search: (q, limit = 20) => getJSON("/search", { q, limit }),
  entity: (id) => getJSON(`/entities/${enc(id)}`),
  neighborhood: (id, depth = 1, max_nodes = 80) => getJSON(`/views/neighborhood/${enc(id)}`, { depth, max_nodes }),
  area: (code) => getJSON(`/views/area/${enc(code)}`),
  areas: (parent) => getJSON("/views/areas", { parent }),
  subgraph: (ids) => getJSON("/views/subgraph", { ids }),
  paths: (from, to, max_depth = 6) => getJSON("/paths", { from, to, max_depth, limit: 5 }),
};

// Text helpers: every piece of data goes into the page as text, never as HTML.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c !== undefined && c !== null && c !== false) node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

// A sentence with its span marked: at ``offset`` when the text is there, else where the text first occurs.
export function marked(sentence, text, offset) {
  let at = offset;
  if (at === undefined || at === null || sentence.substr(at, text.length) !== text) at = sentence.indexOf(text);
  if (at < 0 || !text) return el("span", {}, sentence);
  return el("span", {}, sentence.slice(0, at), el("mark", {}, text), sentence.slice(at + text.length));
}
