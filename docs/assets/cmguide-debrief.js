/* cmguide group debrief: participants' results codes read in this browser, the group's spread per pitfall,
   the pitfalls to discuss first, a before/after comparison. Codes and files are untrusted: each one is read
   whole against the format (cmguide-code.js) within fixed limits, shown with textContent only; nothing is sent,
   and nothing is kept unless the facilitator asks. */
(() => {
  "use strict";
  const MAX_CODES = 200; // per set: a large room, several times over
  const MAX_LINE = 200; // characters in a pasted line
  const MAX_FILES = 60;
  const MAX_FILE = 100000; // bytes: an export is about 3 KB
  const KEY = "cmguide:debrief";
  const SETS = ["before", "after"];

  const $ = (root, sel) => root.querySelector(sel);
  const $$ = (root, sel) => Array.from(root.querySelectorAll(sel));
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  const el = (tag, attrs, ...kids) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) k === "text" ? (node.textContent = v) : node.setAttribute(k, v);
    node.append(...kids.filter((kid) => kid != null));
    return node;
  };
  const svg = (tag, attrs) => {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  const isMap = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

  // Statistics: quartiles by linear interpolation between the sorted values (the median of 4 values is the
  // mean of the middle two).
  const quantile = (sorted, q) => {
    const at = (sorted.length - 1) * q;
    const low = Math.floor(at);
    return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
  };

  function setup(form) {
    const lay = JSON.parse(form.dataset.code);
    const t = JSON.parse(form.dataset.i18n);
    t.sep = t.colon + " "; // the language's colon, from cmguide/locales.py
    const lang = document.documentElement.lang;
    const status = $(document, "[data-status]");
    const results = $(document, "[data-debrief-results]");
    const number = (v) => (Number.isInteger(v) ? String(v) : v.toLocaleString(lang, { maximumFractionDigits: 1 }));
    const say = (...lines) => {
      status.replaceChildren();
      setTimeout(() => status.replaceChildren(...lines.filter(Boolean).map((line) => el("p", { text: line }))), 50);
    };
    const area = (set) => $(form, `[data-codes="${set}"]`);

    // A set of codes: one per line, found anywhere in the line ("Marie 10:02 CM1-…"); lines with no "CM1"
    // are skipped, every other line is accepted or refused with its reason.
    const read = (text) => {
      const codes = [];
      const refused = [];
      let over = false;
      text.split(/\r?\n/).forEach((line, i) => {
        if (!line.trim()) return;
        if (line.length > MAX_LINE) return refused.push(fill(t.line_long, { line: i + 1 }));
        const found = line.match(/cm1[0-9a-z\s-]*/i);
        if (!found) return;
        const code = found[0].replace(/[\s-]+$/, "");
        const out = cmguideCode.decode(lay, code);
        if (out.error) return refused.push(fill(t["line_" + out.error], { line: i + 1 }));
        if (codes.length >= MAX_CODES) return (over = true);
        codes.push({ code: code.replace(/\s+/g, "").toUpperCase(), values: out.values });
      });
      return { codes, refused, over };
    };

    // Per pitfall: the placed scores, sorted, with their summary and the count per band.
    const summarise = (codes) =>
      lay.pitfalls.map((p, i) => {
        const placed = codes.map((c) => c.values[i]).filter(Boolean);
        const scores = placed.map((v) => v[0]).sort((a, b) => a - b);
        const bands = p.bands.map((_, b) => placed.filter((v) => v[1] === b).length);
        const s = { p, scores, bands, n: scores.length, unplaced: codes.length - scores.length, risk: scores.length - bands[0] };
        if (s.n) Object.assign(s, { median: quantile(scores, 0.5), q1: quantile(scores, 0.25), q3: quantile(scores, 0.75), min: scores[0], max: scores[s.n - 1] });
        return s;
      });

    // One row per pitfall: its title and figures in HTML, the dots on an SVG scale (0 to the pitfall's top),
    // band thresholds, the middle half as a box and the median as a thick line.
    const W = 300;
    const x = (s, v) => 10 + (v / s.p.max) * W;
    const chart = (summary) =>
      el(
        "div",
        { class: "cmg-dist", role: "img", "aria-label": t.chart },
        ...summary.map((s) => {
          const stack = {};
          const dots = s.scores.map((v) => [v, (stack[v] = (stack[v] || 0) + 1)]);
          const high = Math.min(Math.max(0, ...Object.values(stack)), 12);
          const h = 22 + high * 6;
          const box = svg("svg", { viewBox: `0 0 ${W + 20} ${h}`, class: "cmg-dist-box", "aria-hidden": "true" });
          s.p.bands.forEach((b) => box.append(svg("rect", { x: x(s, b.min), y: h - 14, width: x(s, b.max) - x(s, b.min), height: 4, class: "cmg-" + b.level })));
          s.p.bands.slice(1).forEach((b) => box.append(svg("line", { x1: x(s, b.min), x2: x(s, b.min), y1: 0, y2: h, class: "cmg-th" })));
          if (s.n) {
            box.append(svg("rect", { x: x(s, s.q1), y: 2, width: Math.max(1, x(s, s.q3) - x(s, s.q1)), height: h - 18, class: "cmg-iqr" }));
            box.append(svg("line", { x1: x(s, s.median), x2: x(s, s.median), y1: 0, y2: h - 10, class: "cmg-median" }));
          }
          for (const [v, k] of dots) box.append(svg("circle", { cx: x(s, v), cy: h - 20 - (Math.min(k, 12) - 1) * 6, r: 2.6, class: "cmg-dot" }));
          const figures = s.n ? `${t.median} ${number(s.median)}/${s.p.max}` : t.not_placed;
          return el("div", { class: "cmg-row" }, el("p", {}, el("strong", { text: s.p.title }), el("span", { text: figures })), box);
        })
      );

    const table = (caption, heads, rows) =>
      el(
        "div",
        { class: "cmg-table" },
        el(
          "table",
          { tabindex: "0" },
          el("caption", { text: caption }),
          el("thead", {}, el("tr", {}, ...heads.map((h) => el("th", { scope: "col", text: h })))),
          el("tbody", {}, ...rows.map(([head, ...cells]) => el("tr", {}, el("th", { scope: "row", text: head }), ...cells.map((c) => el("td", { text: c })))))
        )
      );
    const dash = "—";
    const dataTable = (summary, caption) =>
      table(
        caption,
        [t.pitfall, t.placed, t.median, t.quartiles, t.range, t.levels],
        summary.map((s) => [
          s.p.title,
          String(s.n),
          s.n ? number(s.median) : dash,
          s.n ? `${number(s.q1)}–${number(s.q3)}` : dash,
          s.n ? `${s.min}–${s.max}` : dash,
          [...s.p.bands.map((b, i) => `${b.label}${t.sep}${s.bands[i]}`), ...(s.unplaced ? [`${t.not_placed}${t.sep}${s.unplaced}`] : [])].join("\n"),
        ])
      );

    // The pitfalls to discuss first: most people outside the lowest band, then the highest median; at most three.
    const focus = (summary) => {
      const order = summary.filter((s) => s.risk > 0).sort((a, b) => b.risk / b.n - a.risk / a.n || b.median / b.p.max - a.median / a.p.max).slice(0, 3);
      const nodes = [el("h3", { text: t.focus_title })];
      if (!order.length) return [...nodes, el("p", { text: t.focus_none })];
      const split = $(document, "[data-split]").dataset.split;
      for (const s of order) {
        const prompts = $$(document, "[data-prompts]").find((list) => list.dataset.prompts === s.p.id);
        nodes.push(
          el("h4", { text: s.p.title }),
          el("p", { text: fill(t.focus_line, { count: s.risk, placed: s.n, median: number(s.median), max: s.p.max }) })
        );
        const items = prompts ? $$(prompts, "li").map((li) => el("li", { text: li.textContent.trim() })) : [];
        // a group split across the scale: people both in the lowest band and in the top one
        if (s.bands[0] && s.bands[s.bands.length - 1]) items.push(el("li", { text: split }));
        if (items.length) nodes.push(el("p", {}, el("strong", { text: t.to_discuss })), el("ul", {}, ...items));
      }
      return nodes;
    };

    const compare = (a, b) => {
      const signed = (v) => (v > 0 ? "+" : v < 0 ? "−" : "±") + number(Math.abs(v));
      return [
        el("h3", { text: t.compare_title }),
        el("p", { class: "cmg-aside", text: t.compare_note }),
        table(
          t.compare_title,
          [t.pitfall, `${t.median} (${t.before})`, `${t.median} (${t.after})`, t.change, `${t.outside_low} (${t.before})`, `${t.outside_low} (${t.after})`],
          a.map((s, i) => {
            const e = b[i];
            return [
              s.p.title,
              s.n ? number(s.median) : dash,
              e.n ? number(e.median) : dash,
              s.n && e.n ? signed(e.median - s.median) : dash,
              `${s.risk}/${s.n}`,
              `${e.risk}/${e.n}`,
            ];
          })
        ),
      ];
    };

    let last = null;
    const show = (announce) => {
      const sets = SETS.map((set) => ({ set, ...read(area(set).value) }));
      const used = sets.filter((s) => s.codes.length);
      const lines = [];
      for (const s of sets) {
        if (!s.codes.length && !s.refused.length) continue;
        const name = sets[1].codes.length || sets[1].refused.length ? `${t[s.set]} — ` : "";
        lines.push(name + fill(t.read, { count: s.codes.length, refused: s.refused.length }), ...s.refused);
        if (s.over) lines.push(fill(t.too_many, { max: MAX_CODES }));
        const seen = new Set();
        const dup = s.codes.filter((c) => seen.has(c.code) || !seen.add(c.code)).length;
        if (dup) lines.push(fill(t.duplicates, { count: dup }));
      }
      last = { sets, summaries: {} };
      if (!used.length) {
        results.hidden = true;
        if (announce) say(t.empty, ...lines);
        return;
      }
      const nodes = [$(results, "h2")];
      const grid = el("div", { class: used.length > 1 ? "cmg-side" : "" });
      for (const s of used) {
        const summary = (last.summaries[s.set] = summarise(s.codes));
        const label = used.length > 1 ? `${t[s.set]} — ` : "";
        grid.append(
          el(
            "div",
            { class: "cmg-set-results" },
            el("h3", { text: label + fill(t.participants, { count: s.codes.length }) }),
            chart(summary),
            el("p", { class: "cmg-aside", text: t.chart_note }),
            dataTable(summary, label + t.chart),
            ...focus(summary)
          )
        );
      }
      nodes.push(grid);
      if (used.length > 1) nodes.push(...compare(last.summaries.before, last.summaries.after));
      results.replaceChildren(...nodes);
      results.hidden = false;
      if (announce) {
        say(...lines);
        results.focus({ preventScroll: true });
        results.scrollIntoView({ block: "start" });
      }
    };

    // Files: self-assessment exports (their "code" is read like a pasted line) or a downloaded debrief.
    const addFiles = async (set, files) => {
      const lines = [];
      const added = [];
      const list = Array.from(files || []);
      if (list.length > MAX_FILES || list.some((f) => f.size > MAX_FILE)) lines.push(fill(t.file_limit, { max: MAX_FILES, size: MAX_FILE / 1000 }));
      for (const file of list.slice(0, MAX_FILES).filter((f) => f.size <= MAX_FILE)) {
        let data = null;
        try {
          data = JSON.parse(await file.text());
        } catch (e) {}
        const name = file.name.slice(0, 80);
        if (isMap(data) && data.tool === "cmguide-debrief" && SETS.every((s) => Array.isArray(data[s]) && data[s].length <= MAX_CODES && data[s].every((c) => typeof c === "string" && c.length <= MAX_LINE))) {
          SETS.forEach((s) => (area(s).value = data[s].join("\n")));
          lines.push(t.debrief_loaded);
        } else if (!isMap(data) || typeof data.quiz !== "string" || !data.quiz.startsWith("assessment/")) lines.push(fill(t.file_bad, { name }));
        else if (typeof data.code !== "string") lines.push(fill(t.file_old, { name }));
        else {
          const out = cmguideCode.decode(lay, data.code);
          if (out.error) lines.push(name + " — " + fill(t["line_" + out.error], { line: 1 }));
          else {
            added.push(data.code);
            lines.push(fill(t.file_added, { name }));
          }
        }
      }
      if (added.length) area(set).value = [area(set).value.trim(), ...added].filter(Boolean).join("\n");
      show(false);
      say(...lines);
    };

    // Kept in this browser only when asked; read back (whole shape checked) when the page opens.
    const store = (() => {
      try {
        localStorage.setItem(KEY + ":probe", "1");
        localStorage.removeItem(KEY + ":probe");
        return localStorage;
      } catch (e) {
        return null;
      }
    })();
    const codesOf = (set) => (last ? last.sets.find((s) => s.set === set).codes.map((c) => c.code) : []);

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      show(true);
    });
    form.addEventListener("input", () => show(false));
    $(form, "[data-save]").addEventListener("click", () => {
      show(false);
      if (!store) return say(t.no_storage);
      try {
        store.setItem(KEY, JSON.stringify({ v: lay.version, d: new Date().toISOString(), before: codesOf("before"), after: codesOf("after") }));
        say(t.saved);
      } catch (e) {
        say(t.no_storage);
      }
    });
    $(form, "[data-forget]").addEventListener("click", () => {
      if (store) store.removeItem(KEY);
      say(t.forgotten);
    });
    $(form, "[data-download]").addEventListener("click", () => {
      show(false);
      const summary = (set) =>
        (last.summaries[set] || []).map((s) => ({ id: s.p.id, placed: s.n, not_placed: s.unplaced, median: s.median ?? null, q1: s.q1 ?? null, q3: s.q3 ?? null, min: s.min ?? null, max: s.max ?? null, bands: Object.fromEntries(s.p.bands.map((b, i) => [b.id, s.bands[i]])) }));
      const data = { tool: "cmguide-debrief", version: lay.version, date: new Date().toISOString(), before: codesOf("before"), after: codesOf("after"), summary: { before: summary("before"), after: summary("after") } };
      const link = el("a", { download: "debrief.json", href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" })) });
      document.body.append(link);
      link.click();
      link.remove();
    });
    for (const set of SETS) {
      const input = $(form, `[data-files="${set}"]`);
      input.addEventListener("change", async () => {
        await addFiles(set, input.files);
        input.value = "";
      });
      const zone = $(form, `[data-drop="${set}"]`);
      zone.addEventListener("dragover", (event) => {
        event.preventDefault();
        zone.classList.add("cmg-dragging");
      });
      zone.addEventListener("dragleave", () => zone.classList.remove("cmg-dragging"));
      zone.addEventListener("drop", (event) => {
        event.preventDefault();
        zone.classList.remove("cmg-dragging");
        addFiles(set, event.dataTransfer.files);
      });
    }
    if (store) {
      let saved = null;
      try {
        saved = JSON.parse(store.getItem(KEY));
      } catch (e) {}
      const ok = isMap(saved) && saved.v === lay.version && typeof saved.d === "string" && SETS.every((s) => Array.isArray(saved[s]) && saved[s].length <= MAX_CODES && saved[s].every((c) => typeof c === "string" && c.length <= MAX_LINE));
      if (ok) {
        SETS.forEach((s) => (area(s).value = saved[s].join("\n")));
        show(false);
        say(fill(t.restored, { date: new Date(saved.d).toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" }) }));
      } else if (saved !== null) store.removeItem(KEY);
    }
  }

  // The session link and its QR code, made from this page's own address: it works on any host.
  function session() {
    const link = $(document, "[data-session-link]");
    const qr = $(document, "[data-session-qr]");
    if (!link || !qr) return;
    link.textContent = link.href;
    qr.dataset.qr = link.href;
    if (window.cmguideQr) cmguideQr();
    const box = $(document, "[data-session]");
    const button = $(document, "[data-fullscreen]");
    if (button && box.requestFullscreen) button.addEventListener("click", () => box.requestFullscreen());
    else if (button) button.parentNode.remove();
  }

  const init = () => {
    $$(document, "[data-nojs]").forEach((node) => (node.hidden = true));
    $$(document, "[data-js]").forEach((node) => (node.hidden = false));
    session();
    $$(document, "form[data-debrief]").forEach(setup);
  };
  init();
})();
