// Calls to the renda-graph API (same origin). Every function resolves to parsed JSON or throws an Error
// whose message is the API's own error message. A signed-in user's token (kept for the tab's session
// only) goes with every request: writes need it, and reads do where the server asks for one.

const TOKEN = "renda-token", USER = "renda-user";
export const auth = {
  token: () => sessionStorage.getItem(TOKEN),
  user: () => sessionStorage.getItem(USER),
  signedIn: () => sessionStorage.getItem(TOKEN) !== null,
  set(token, user) { sessionStorage.setItem(TOKEN, token); sessionStorage.setItem(USER, user); },
  clear() { sessionStorage.removeItem(TOKEN); sessionStorage.removeItem(USER); },
};

function headers(extra = {}, token = auth.token()) {
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

async function answer(r) {
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body?.error?.message || `${r.status} ${r.statusText}`);
  return body;
}

export async function getJSON(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) v.forEach((x) => url.searchParams.append(k, x));
    else if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  return answer(await fetch(url, { headers: headers() }));
}

export async function postJSON(path, body) {
  const init = { method: "POST", headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify(body) };
  return answer(await fetch(new URL(path, location.origin), init));
}

const enc = encodeURIComponent;
// The time range every read of the graph goes through: since / until (YYYY or YYYY-MM), none for all time.
let range = {};
export function setTime(since, until) { range = { since: since || undefined, until: until || undefined }; }
export const timeRange = () => ({ ...range });
export const api = {
  style: () => getJSON("/views/style"),
  search: (q, limit = 20) => getJSON("/search", { q, limit, ...range }),
  entity: (id) => getJSON(`/entities/${enc(id)}`),
  neighborhood: (id, depth = 1, max_nodes = 80, extra = {}) =>
    getJSON(`/views/neighborhood/${enc(id)}`, { depth, max_nodes, ...extra, ...range }),
  area: (code) => getJSON(`/views/area/${enc(code)}`, { ...range }),
  areas: (parent) => getJSON("/views/areas", { parent }),
  subgraph: (ids) => getJSON("/views/subgraph", { ids, ...range }),
  // hierarchy: "all", "top" (only into provinces) or "none" (LOCATED_IN and PART_OF left out)
  paths: (from, to, max_depth = 6, hierarchy = "all") =>
    getJSON("/paths", { from, to, max_depth, limit: 5, hierarchy, ...range }),
  // who a token belongs to (401 for a token the server does not know)
  me: async (token) => answer(await fetch(new URL("/me", location.origin), { headers: headers({}, token) })),
  judge: (edge, decision, reason = "", correction = null) =>
    postJSON("/judgements", { edge, decision, reason, ...(correction ? { correction } : {}) }),
  review: (params = {}) => getJSON("/review", params),
};

// An edge's stable identity, as judgements name it.
export const edgeKey = (e) => ({ source: e.source, type: e.type, target: e.target });

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
