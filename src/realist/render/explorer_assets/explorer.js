// realist explorer: filters, search, side panel and views over the network that
// Graphviz laid out. All data comes from the JSON in #data; every text is set
// with textContent, never parsed as markup, so no label or quote is read as HTML.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("data").textContent);
  const byId = (id) => document.getElementById(id);
  const PAGE = 300; // quotes or rows shown at once in the panel; a button shows more

  // ------------------------------------------------------------ small helpers

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value;
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === "") continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const nodeLabel = (i) => D.nodes[i].label;
  const caseLabel = (c) => D.cases[c].label;
  const configName = (k) => D.configs[k].label || `Configuration ${D.configs[k].id}`;
  const unique = (values) => Array.from(new Set(values)).sort((a, b) => a - b);

  // The house palette (realist.render.palette) as CSS variables.
  const rootStyle = document.documentElement.style;
  for (const [kind, colour] of Object.entries(D.palette.kinds)) {
    rootStyle.setProperty(`--${kind}`, colour);
    rootStyle.setProperty(`--${kind}-fill`, D.palette.fills[kind]);
  }
  for (const [status, colour] of Object.entries(D.palette.statuses)) {
    rootStyle.setProperty(`--status-${status}`, colour);
  }
  rootStyle.setProperty("--negative", D.palette.negative);
  for (const [kind, colour] of Object.entries(D.palette.sources)) {
    rootStyle.setProperty(`--source-${kind}`, colour);
  }

  // ------------------------------------------------------------ indices

  const nodeConfigs = D.nodes.map(() => []);
  D.configs.forEach((k, ki) => k.elements.forEach((n) => nodeConfigs[n].push(ki)));
  const quoteConfigs = D.evidence.map(() => []);
  D.configs.forEach((k, ki) => k.evidence.forEach((e) => quoteConfigs[e].push(ki)));
  const configEdges = D.configs.map(() => []);
  D.edges.forEach((e, ei) => e.configs.forEach((k) => configEdges[k].push(ei)));
  const nodeEdges = D.nodes.map(() => []);
  D.edges.forEach((e, ei) => {
    nodeEdges[e.s].push(ei);
    nodeEdges[e.t].push(ei);
  });

  // ------------------------------------------------------------ the SVG

  const svg = document.querySelector("#canvas svg");
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  const fullBox = svg.getAttribute("viewBox").split(/\s+/).map(Number);
  const nodeEls = D.nodes.map((_, i) => byId(`n${i}`));
  const edgeEls = new Array(D.edges.length).fill(null);
  const edgeKey = new Map(D.edges.map((e, ei) => [`n${e.s}->n${e.t}`, ei]));
  for (const g of svg.querySelectorAll("g.edge")) {
    const ei = edgeKey.get(g.querySelector("title").textContent);
    if (ei === undefined) continue;
    edgeEls[ei] = g;
    g.dataset.edge = String(ei);
    const path = g.querySelector("path");
    if (path) {
      // a wide, invisible twin of the arrow: thin arrows stay easy to click
      const zone = path.cloneNode(false);
      zone.setAttribute("class", "clickzone");
      path.after(zone);
    }
  }
  nodeEls.forEach((g, i) => {
    if (g) g.dataset.node = String(i);
  });
  for (const g of svg.querySelectorAll("g.node, g.edge")) {
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
  }

  // ------------------------------------------------------------ filters

  const state = { theme: "", case: "", status: "", kind: "", min: 1, query: "" };
  const active = new Uint8Array(D.configs.length);
  const edgeOn = new Uint8Array(D.edges.length);
  const nodeOn = new Uint8Array(D.nodes.length);

  function fillSelect(id, options) {
    const select = byId(id);
    for (const [value, text] of options) select.append(h("option", { value }, text));
  }
  fillSelect("f-theme", D.themes.map((t, i) => [String(i), t.label]));
  fillSelect("f-case", D.cases.map((c, i) => [String(i), c.label]));
  fillSelect("f-status", D.statuses.map((s) => [s, s]));
  const kinds = Array.from(new Set(D.sources.map((s) => s.kind))).sort();
  fillSelect("f-kind", kinds.map((k) => [k, k]));

  function passes(k) {
    const c = D.configs[k];
    if (state.theme !== "" && !c.themes.includes(Number(state.theme))) return false;
    if (state.case !== "" && !c.cases.includes(Number(state.case))) return false;
    if (state.status !== "" && c.status !== state.status) return false;
    if (state.kind !== "" && !c.evidence.some((e) => quoteKind(e) === state.kind)) return false;
    return true;
  }
  const quoteKind = (e) => D.sources[D.evidence[e].source].kind;
  // The cases of these configurations that the case filter keeps (as rl.draw narrows them).
  const casesOf = (ks) =>
    ks.flatMap((k) => D.configs[k].cases).filter((c) => state.case === "" || c === Number(state.case));

  // A link's end stays, as in rl.draw: an element while a configuration arrow left
  // touches it (or, with no filter, always), a configuration while the filters keep it.
  const configOfNode = new Map(D.configs.map((k, ki) => [k.id, ki]));
  const touchedByConfigs = D.nodes.map((_, n) => nodeEdges[n].some((ei) => D.edges[ei].configs.length > 0));
  function linkEndOn(n) {
    if (touchedByConfigs[n]) return nodeOn[n] === 1;
    if (state.min > 1) return false;
    if (D.nodes[n].kind === "configuration") return active[configOfNode.get(D.nodes[n].id)] === 1;
    return !filtering();
  }

  // An arrow stays while its configurations left by the filters name at least
  // `min` cases the filters keep (a configuration with no case counts once), and, as in rl.draw,
  // a context or mechanism whose arrows on were all cut loses its arrows in too;
  // a link stays while both its ends do.
  function computeVisibility() {
    D.configs.forEach((_, k) => (active[k] = passes(k) ? 1 : 0));
    D.edges.forEach((e, ei) => {
      const left = e.configs.filter((k) => active[k]);
      const cases = new Set(casesOf(left));
      edgeOn[ei] = left.length > 0 && Math.max(cases.size, 1) >= state.min ? 1 : 0;
    });
    if (state.min > 1) pruneDangling();
    nodeOn.fill(0);
    D.edges.forEach((e, ei) => {
      if (edgeOn[ei] && e.configs.length > 0) nodeOn[e.s] = nodeOn[e.t] = 1;
    });
    D.edges.forEach((e, ei) => {
      if (e.link && !edgeOn[ei] && linkEndOn(e.s) && linkEndOn(e.t)) edgeOn[ei] = 1;
    });
    D.edges.forEach((e, ei) => {
      if (edgeOn[ei]) nodeOn[e.s] = nodeOn[e.t] = 1;
    });
    if (D.edges.length === 0) nodeOn.fill(1);
  }

  function pruneDangling() {
    const configEdgesOn = () => D.edges.filter((e, ei) => edgeOn[ei] && e.configs.length > 0);
    for (;;) {
      const on = configEdgesOn();
      const out = new Set(on.map((e) => e.s));
      const dangling = (n) => ["context", "mechanism"].includes(D.nodes[n].kind) && !out.has(n);
      let cut = 0;
      D.edges.forEach((e, ei) => {
        if (edgeOn[ei] && e.configs.length > 0 && (dangling(e.s) || dangling(e.t))) {
          edgeOn[ei] = 0;
          cut += 1;
        }
      });
      if (cut === 0) return;
    }
  }

  // ------------------------------------------------------------ search

  let hits = null; // null: no search; else {nodes:Set, quotes:[], configs:Set}

  function search(query) {
    const q = query.trim().toLowerCase();
    if (!q) return null;
    const nodes = new Set();
    D.nodes.forEach((n, i) => {
      if (n.label.toLowerCase().includes(q)) nodes.add(i);
    });
    const quotes = [];
    const configs = new Set();
    D.evidence.forEach((ev, e) => {
      if (ev.quote.toLowerCase().includes(q)) {
        quotes.push(e);
        quoteConfigs[e].forEach((k) => configs.add(k));
      }
    });
    D.configs.forEach((k, ki) => {
      if (k.label.toLowerCase().includes(q)) configs.add(ki);
    });
    return { nodes, quotes, configs };
  }

  const edgeHit = (ei) =>
    D.edges[ei].configs.some((k) => active[k] && hits.configs.has(k)) ||
    D.edges[ei].evidence.some((e) => hits.quotes.includes(e));

  // ------------------------------------------------------------ apply

  function apply() {
    computeVisibility();
    hits = search(state.query);
    nodeEls.forEach((g, i) => {
      if (!g) return;
      g.classList.toggle("off", !nodeOn[i]);
      g.classList.toggle("hit", !!hits && hits.nodes.has(i));
    });
    edgeEls.forEach((g, ei) => {
      if (!g) return;
      g.classList.toggle("off", !edgeOn[ei]);
      g.classList.toggle("hit", !!hits && edgeHit(ei));
    });
    byId("canvas").classList.toggle("searching", !!hits);
    for (const row of configRows) row.hidden = !active[Number(row.dataset.config)];
    const shownEdges = edgeEls.filter((g, ei) => g && edgeOn[ei]).length;
    const shownConfigs = active.reduce((a, b) => a + b, 0);
    const allEdges = edgeEls.filter(Boolean).length;
    let line =
      `Showing ${shownEdges} of ${plural(allEdges, "arrow")}, ` +
      `${shownConfigs} of ${plural(D.configs.length, "configuration")}.`;
    if (hits) {
      const found = `${plural(hits.nodes.size, "element")} and ${plural(hits.quotes.length, "quote")}`;
      line += ` Search: ${found} match.`;
    }
    byId("status-line").textContent = line;
    if (hits) showSearch();
  }

  function readFilters() {
    state.theme = byId("f-theme").value;
    state.case = byId("f-case").value;
    state.status = byId("f-status").value;
    state.kind = byId("f-kind").value;
    state.min = Math.max(1, Math.floor(Number(byId("f-min").value)) || 1);
    state.query = byId("f-search").value;
    apply();
  }
  const form = byId("filters");
  form.addEventListener("input", readFilters);
  form.addEventListener("change", readFilters);
  form.addEventListener("submit", (event) => event.preventDefault());
  byId("f-reset").addEventListener("click", () => {
    form.reset(); // puts every field back at once, then one update
    readFilters();
  });

  // ------------------------------------------------------------ highlight

  function highlight(nodes, edges) {
    for (const g of svg.querySelectorAll(".sel")) g.classList.remove("sel");
    for (const n of nodes) if (nodeEls[n]) nodeEls[n].classList.add("sel");
    for (const ei of edges) if (edgeEls[ei]) edgeEls[ei].classList.add("sel");
    byId("canvas").classList.toggle("focus", nodes.length + edges.length > 0);
  }

  // ------------------------------------------------------------ the panel

  const panel = byId("panel");
  const panelBody = byId("panel-body");

  function openPanel(kind, title) {
    panel.hidden = false;
    panelBody.replaceChildren(h("p", { class: "panel-kind" }, kind), h("h2", {}, title));
    panelBody.scrollTop = 0;
    return panelBody;
  }
  function closePanel() {
    panel.hidden = true;
    highlight([], []);
  }
  byId("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) closePanel();
  });

  function field(name, value) {
    if (value === "" || value === null || value === undefined) return null;
    return h("div", { class: "field" }, h("span", { class: "name" }, `${name}: `), value);
  }

  function statusBadge(status) {
    return h("span", { class: `badge status-${status}` }, status);
  }

  function more(list, render, container) {
    // render `list` PAGE items at a time, with a button for the rest
    let shown = 0;
    const button = h("button", { type: "button", class: "more" });
    const step = () => {
      for (const item of list.slice(shown, shown + PAGE)) container.append(render(item));
      shown = Math.min(list.length, shown + PAGE);
      button.textContent = `Show ${Math.min(PAGE, list.length - shown)} more of ${list.length - shown}`;
      if (shown >= list.length) button.remove();
      else container.append(button);
    };
    button.addEventListener("click", step);
    step();
    return container;
  }

  function configItem(k) {
    const c = D.configs[k];
    return h(
      "li",
      { class: "config-link", "data-config": String(k), tabindex: "0", onclick: () => showConfig(k) },
      h("span", { class: "link" }, configName(k)),
      " ",
      statusBadge(c.status),
      c.confidence ? ` ${c.confidence} confidence` : "",
      h("span", { class: "cases" }, ` ${c.cases.map(caseLabel).join(", ") || "programme level"}`),
    );
  }

  function configList(title, ks) {
    const list = h("ul", { class: "configs" });
    return [h("h3", {}, `${title} (${ks.length})`), more(ks, configItem, list)];
  }

  function quoteCase(e) {
    const source = D.sources[D.evidence[e].source];
    if (source.case >= 0) return caseLabel(source.case);
    return unique(quoteConfigs[e].flatMap((k) => D.configs[k].cases)).map(caseLabel).join(", ");
  }

  function quoteItem(e) {
    const ev = D.evidence[e];
    const source = D.sources[ev.source];
    const supports = quoteConfigs[e];
    const meta = [
      `${source.title || source.id} (${source.kind})`,
      quoteCase(e),
      ev.coder ? `coded by ${ev.coder}` : "",
      ev.location,
      ev.stance !== "supports" ? ev.stance : "",
    ].filter(Boolean);
    const open = () => supports.length && showConfig(supports[0]);
    const item = h(
      "li",
      { class: "quote", "data-evidence": String(e) },
      h(
        "blockquote",
        { class: source.kind, tabindex: "0", onclick: open },
        ev.quote || "(no quote: the source as a whole)",
      ),
      h("div", { class: "meta" }, meta.join(" · ")),
    );
    if (ev.note) item.append(h("div", { class: "note" }, ev.note));
    if (supports.length) {
      const chips = h("div", { class: "supports" }, "Supports: ");
      supports.forEach((k) =>
        chips.append(
          h("button", { type: "button", class: "chip", onclick: () => showConfig(k) }, configName(k)),
          " ",
        ),
      );
      item.append(chips);
    }
    return item;
  }

  function quoteList(title, es) {
    const shown = state.kind ? es.filter((e) => quoteKind(e) === state.kind) : es;
    const heading =
      shown.length === es.length
        ? `${title} (${es.length})`
        : `${title} (${shown.length} of ${es.length}, from ${state.kind} sources)`;
    return [h("h3", {}, heading), more(shown, quoteItem, h("ol", { class: "quotes" }))];
  }

  const filtering = () => state.theme !== "" || state.case !== "" || state.status !== "" || state.kind !== "";
  const filterNote = (all, kept) =>
    filtering() && kept.length < all.length
      ? h("p", { class: "filtered" }, `Filters leave ${kept.length} of ${plural(all.length, "configuration")}.`)
      : null;

  function showNode(i) {
    const n = D.nodes[i];
    const all = nodeConfigs[i];
    const ks = all.filter((k) => active[k]);
    const body = openPanel(D.palette.labels[n.kind] || n.kind, n.label);
    body.append(
      ...[
        field("Id", n.id),
        field("Group", n.group),
        field("Themes", n.themes.map((t) => D.themes[t].label).join(", ")),
      ].filter(Boolean),
    );
    if (n.description) body.append(h("p", { class: "description" }, n.description));
    const filtered = filterNote(all, ks);
    if (filtered) body.append(filtered);
    const cases = unique(casesOf(ks));
    body.append(field("Cases", cases.map(caseLabel).join(", ") || "none (programme level)"));
    body.append(...configList("Configurations", ks));
    body.append(...quoteList("Quotes", unique(ks.flatMap((k) => D.configs[k].evidence))));
    highlight([i], nodeEdges[i].filter((ei) => edgeOn[ei]));
  }

  function showEdge(ei) {
    const e = D.edges[ei];
    const body = openPanel(e.configs.length ? "Arrow" : "Link", `${nodeLabel(e.s)} → ${nodeLabel(e.t)}`);
    if (e.link) body.append(field("Link", e.link));
    if (e.configs.length === 0) {
      body.append(...quoteList("Quotes", e.evidence));
    } else {
      const ks = e.configs.filter((k) => active[k]);
      const filtered = filterNote(e.configs, ks);
      if (filtered) body.append(filtered);
      const cases = unique(casesOf(ks));
      const sources = unique(ks.flatMap((k) => D.configs[k].evidence).map((q) => D.evidence[q].source));
      const caseNames = cases.map(caseLabel).join(", ");
      body.append(field("Cases", cases.length ? `${cases.length}: ${caseNames}` : "none (programme level)"));
      body.append(field("Sources", String(sources.length)));
      body.append(field("Statuses", Array.from(new Set(ks.map((k) => D.configs[k].status))).join(", ")));
      const refuted = e.refuted.filter((k) => active[k]);
      body.append(...configList("Configurations", ks));
      body.append(...quoteList("Quotes", unique(ks.flatMap((k) => D.configs[k].evidence))));
      if (refuted.length) {
        body.append(...configList("Refuted here (not support)", refuted));
        const against = unique(refuted.flatMap((k) => D.configs[k].evidence));
        body.append(...quoteList("Quotes of the refuted configurations", against));
      }
      if (e.evidence.length) body.append(...quoteList("Quotes of the link", e.evidence));
    }
    highlight([e.s, e.t], [ei]);
  }

  function table3(k) {
    const c = D.configs[k];
    const marks = (n) =>
      ["constraining", "unintended", "anticipated"].filter((m) => c[m].includes(n));
    const columns = ["context", "mechanism", "outcome"].map((kind, col) => {
      const column = h("div", { class: `t3-column ${kind}` }, h("h4", {}, D.palette.labels[kind]));
      const groups = c.table3[col];
      if (groups.every((g) => g[1].length === 0)) column.append(h("p", { class: "none" }, "none"));
      for (const [title, members] of groups) {
        const group = h("div", { class: "t3-group" }, title ? h("h5", {}, title) : null);
        for (const n of members) {
          const m = marks(n);
          const cls = ["t3-box", kind];
          if (m.includes("constraining") || m.includes("unintended")) cls.push("negative");
          else if (m.includes("anticipated")) cls.push("anticipated");
          group.append(
            h(
              "div",
              { class: cls.join(" "), tabindex: "0", "data-node": String(n), onclick: () => showNode(n) },
              nodeLabel(n),
              m.length ? h("span", { class: "marks" }, m.join(", ")) : null,
            ),
          );
        }
        column.append(group);
      }
      return column;
    });
    return h("div", { class: "table3" }, ...columns);
  }

  function showConfig(k) {
    const c = D.configs[k];
    const body = openPanel("Configuration", configName(k));
    body.append(
      ...[
        field("Id", c.id),
        field("Cases", c.cases.map(caseLabel).join(", ") || "none (programme level)"),
        field("Status", statusBadge(c.status)),
        field("Confidence", c.confidence),
        field("Themes", c.themes.map((t) => D.themes[t].label).join(", ")),
        field("Phase", c.phase),
      ].filter(Boolean),
    );
    body.append(table3(k));
    if (c.note) body.append(h("p", { class: "description" }, c.note));
    body.append(...quoteList("Quotes", c.evidence));
    highlight(c.elements, configEdges[k]);
    focusOn(c.elements);
  }

  function showRegularity(r) {
    const reg = D.regularities[r];
    const body = openPanel("Regularity", `Across ${plural(reg.cases.length, "case")}`);
    for (const kind of ["context", "mechanism", "outcome"]) {
      const names = reg.elements.filter((n) => D.nodes[n].kind === kind).map(nodeLabel);
      body.append(field(D.palette.labels[kind], names.join("; ") || "—"));
    }
    body.append(field("Cases", reg.cases.map(caseLabel).join(", ")));
    if (reg.counter.length) body.append(field("Counter-cases", reg.counter.map(caseLabel).join(", ")));
    body.append(...configList("Configurations", reg.configs));
    body.append(...quoteList("Quotes", unique(reg.configs.flatMap((k) => D.configs[k].evidence))));
    highlight(reg.elements, regularityEdges(reg));
    focusOn(reg.elements);
  }

  function regularityEdges(reg) {
    const inside = new Set(reg.elements);
    const configs = new Set(reg.configs);
    const within = (e) => inside.has(e.s) && inside.has(e.t) && e.configs.some((k) => configs.has(k));
    return D.edges.map((e, ei) => (within(e) ? ei : -1)).filter((ei) => ei >= 0);
  }

  function showSearch() {
    const body = openPanel("Search", `“${state.query.trim()}”`);
    const nodes = Array.from(hits.nodes).filter((n) => nodeOn[n] || !nodeEls[n]);
    const list = h("ul", { class: "elements" });
    const item = (n) =>
      h("li", { class: `element-link ${D.nodes[n].kind}`, tabindex: "0", onclick: () => showNode(n) }, nodeLabel(n));
    more(nodes, item, list);
    body.append(h("h3", {}, `Elements (${nodes.length})`), list);
    body.append(...quoteList("Quotes", hits.quotes));
    highlight([], []);
  }

  // ------------------------------------------------------------ network clicks

  let dragged = false;
  svg.addEventListener("click", (event) => {
    if (dragged) return;
    const g = event.target.closest("g.node, g.edge");
    if (!g) return;
    if (g.dataset.node !== undefined) showNode(Number(g.dataset.node));
    else if (g.dataset.edge !== undefined) showEdge(Number(g.dataset.edge));
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    const target = event.target;
    if (target instanceof Element && target.matches("g.node, g.edge, [tabindex='0']")) {
      event.preventDefault();
      target.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    }
  });

  // ------------------------------------------------------------ zoom and pan

  let box = fullBox.slice();
  const setBox = (b) => {
    box = b;
    svg.setAttribute("viewBox", b.map((v) => v.toFixed(2)).join(" "));
  };
  function zoom(factor, cx = box[0] + box[2] / 2, cy = box[1] + box[3] / 2) {
    const w = box[2] * factor;
    const hgt = box[3] * factor;
    setBox([cx - (cx - box[0]) * factor, cy - (cy - box[1]) * factor, w, hgt]);
  }
  function toSvg(event) {
    const rect = svg.getBoundingClientRect();
    const scale = Math.max(box[2] / rect.width, box[3] / rect.height);
    const offX = (rect.width * scale - box[2]) / 2;
    const offY = (rect.height * scale - box[3]) / 2;
    const x = box[0] - offX + (event.clientX - rect.left) * scale;
    const y = box[1] - offY + (event.clientY - rect.top) * scale;
    return [x, y, scale];
  }
  svg.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const [x, y] = toSvg(event);
      zoom(event.deltaY > 0 ? 1.2 : 1 / 1.2, x, y);
    },
    { passive: false },
  );
  let start = null;
  svg.addEventListener("pointerdown", (event) => {
    start = { x: event.clientX, y: event.clientY, box: box.slice(), scale: toSvg(event)[2] };
    dragged = false;
  });
  svg.addEventListener("pointermove", (event) => {
    if (!start) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    if (!dragged && Math.hypot(dx, dy) < 4) return;
    dragged = true;
    setBox([start.box[0] - dx * start.scale, start.box[1] - dy * start.scale, start.box[2], start.box[3]]);
  });
  window.addEventListener("pointerup", () => {
    start = null;
    setTimeout(() => (dragged = false), 0);
  });
  // Frame these nodes (when the network is on screen), never closer than a quarter of it.
  function focusOn(nodes) {
    if (byId("view-network").hidden) return;
    const rects = nodes
      .map((n) => nodeEls[n])
      .filter((g) => g && !g.classList.contains("off"))
      .map((g) => g.getBoundingClientRect());
    if (rects.length === 0) return;
    const corner = (pick, a, b) => ({
      clientX: pick(...rects.map((r) => r[a])),
      clientY: pick(...rects.map((r) => r[b])),
    });
    const [x0, y0] = toSvg(corner(Math.min, "left", "top"));
    const [x1, y1] = toSvg(corner(Math.max, "right", "bottom"));
    const w = Math.max(x1 - x0, fullBox[2] / 4);
    const hgt = Math.max(y1 - y0, fullBox[3] / 4);
    setBox([(x0 + x1) / 2 - w * 0.6, (y0 + y1) / 2 - hgt * 0.6, w * 1.2, hgt * 1.2]);
  }
  byId("zoom-in").addEventListener("click", () => zoom(1 / 1.5));
  byId("zoom-out").addEventListener("click", () => zoom(1.5));
  byId("zoom-fit").addEventListener("click", () => setBox(fullBox.slice()));

  // A tall network opens at its full width, from the top, so that its labels can
  // be read; "Fit" shows it whole.
  function fitWidth() {
    const rect = svg.getBoundingClientRect();
    if (!rect.width || !rect.height) return;
    setBox([fullBox[0], fullBox[1], fullBox[2], Math.min(fullBox[3], (fullBox[2] * rect.height) / rect.width)]);
  }
  fitWidth();

  // ------------------------------------------------------------ tabs and tables

  for (const tab of document.querySelectorAll("#tabs button")) {
    tab.addEventListener("click", () => showView(tab.dataset.view));
  }
  function showView(view) {
    for (const tab of document.querySelectorAll("#tabs button")) {
      tab.setAttribute("aria-selected", String(tab.dataset.view === view));
    }
    for (const section of document.querySelectorAll("main > section.view")) {
      section.hidden = section.id !== `view-${view}`;
    }
  }

  const configRows = D.configs.map((c, k) =>
    h(
      "tr",
      { "data-config": String(k), tabindex: "0", onclick: () => showConfig(k) },
      h("td", {}, configName(k)),
      h("td", {}, c.cases.map(caseLabel).join(", ") || "programme level"),
      h("td", {}, statusBadge(c.status)),
      h("td", {}, c.confidence),
      h("td", {}, c.themes.map((t) => D.themes[t].label).join(", ")),
      h("td", { class: "number" }, String(c.evidence.length)),
    ),
  );
  document.querySelector("#config-table tbody").append(...configRows);

  const kindLabels = (reg, kind) =>
    reg.elements.filter((n) => D.nodes[n].kind === kind).map(nodeLabel).join("; ");
  const regularityRows = D.regularities.map((reg, r) =>
    h(
      "tr",
      {
        "data-regularity": String(r),
        tabindex: "0",
        onclick: () => {
          showView("network");
          showRegularity(r);
        },
      },
      h("td", {}, kindLabels(reg, "context")),
      h("td", {}, kindLabels(reg, "mechanism")),
      h("td", {}, kindLabels(reg, "outcome")),
      h("td", {}, `${reg.cases.length}: ${reg.cases.map(caseLabel).join(", ")}`),
      h("td", {}, reg.counter.map(caseLabel).join(", ")),
      h("td", { class: "number" }, String(reg.configs.length)),
      h("td", { class: "number" }, String(reg.sources)),
    ),
  );
  document.querySelector("#regularity-table tbody").append(...regularityRows);
  byId("regularity-note").textContent =
    "Patterns of contexts, mechanisms and outcomes found together in at least two cases " +
    "(rl.find_regularities), strongest first" +
    (D.regularities_found > D.regularities.length
      ? `: the first ${D.regularities.length} of ${D.regularities_found}.`
      : `: ${D.regularities_found}.`) +
    " Click a row to highlight its pattern in the network.";

  apply();
  // milliseconds from the start of navigation until the explorer is ready (the benchmark reads it)
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = "1";
})();
