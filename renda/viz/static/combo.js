// A search box with results grouped by label, reachable by keyboard (↑ ↓ Enter Escape).
import { api, el } from "./api.js";

export function combobox(input, list, onPick) {
  let items = [], active = -1, timer = null, seq = 0, shownFor = null;

  function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }

  function render() {
    list.replaceChildren();
    if (!items.length) {
      list.append(el("li", { class: "group" }, input.value.trim() ? "no match" : ""));
    }
    let label = null;
    items.forEach((hit, i) => {
      if (hit.label !== label) { label = hit.label; list.append(el("li", { class: "group", role: "presentation" }, label)); }
      list.append(el("li", { role: "option", id: `${list.id}-${i}`, "aria-selected": i === active ? "true" : "false",
        onmousedown: (ev) => { ev.preventDefault(); pick(i); } },
        el("span", {}, hit.name), el("small", {}, [hit.place, hit.kind].filter(Boolean).join(" · ") || hit.area_code || "")));
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    input.setAttribute("aria-activedescendant", active >= 0 ? `${list.id}-${active}` : "");
  }

  function pick(i) {
    const hit = items[i];
    if (!hit) return;
    input.value = hit.name;
    close();
    onPick(hit);
  }

  async function lookup() {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) { items = []; shownFor = null; close(); return; }
    try {
      const res = await api.search(q, 20);
      if (mine !== seq) return; // a later keystroke won
      // Grouped by label, best match first within each group; groups in order of their best hit.
      const order = [];
      res.items.forEach((h) => { if (!order.includes(h.label)) order.push(h.label); });
      items = order.flatMap((lab) => res.items.filter((h) => h.label === lab));
      active = items.length ? 0 : -1;
      shownFor = q;
      render();
    } catch (err) {
      if (mine !== seq) return;
      items = []; list.replaceChildren(el("li", { class: "group" }, err.message)); list.hidden = false;
    }
  }

  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(lookup, 150); });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (list.hidden) { lookup(); return; }
      if (!items.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
      render();
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (input.value.trim() !== shownFor) { // typed since the list was shown: answer the text as it is now
        clearTimeout(timer);
        lookup().then(() => { if (input.value.trim() === shownFor && active >= 0) pick(active); });
      } else if (!list.hidden && active >= 0) pick(active);
      else lookup();
    } else if (ev.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
  return { lookup, close, set: (hit) => { input.value = hit.name; input.dataset.id = hit.id; } };
}
