/* cmguide quizzes: scoring, feedback, results and saved answers on top of plain HTML forms.
   Everything it shows comes from the page (textContent only, never innerHTML); nothing is sent anywhere. */
(() => {
  "use strict";
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
  const text = (node) => (node ? node.textContent.replace(/\s+/g, " ").trim() : "");

  // Saved answers: one key per quiz, ignored (and said so) when unreadable or from another version.
  function storage() {
    try {
      const probe = "cmguide:probe";
      localStorage.setItem(probe, "1");
      localStorage.removeItem(probe);
      return localStorage;
    } catch (e) {
      return null;
    }
  }

  // A saved state, only if its whole shape is what this script writes; anything else is dropped (null).
  const isMap = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
  const allValues = (map, test) => isMap(map) && Object.values(map).every(test);
  function parseSaved(raw) {
    let data = null;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      return null;
    }
    const ok =
      isMap(data) &&
      typeof data.v === "string" &&
      allValues(data.answers, (v) => Array.isArray(v) && v.every((x) => typeof x === "string")) &&
      (data.checked === undefined || allValues(data.checked, (v) => typeof v === "boolean")) &&
      (data.plan === undefined || allValues(data.plan, (v) => typeof v === "boolean"));
    return ok ? { v: data.v, answers: data.answers, checked: data.checked || {}, plan: data.plan || {} } : null;
  }
  // Lookups by attribute value compare strings, never build a selector from content.
  const byData = (root, sel, name, value) => $$(root, sel).find((node) => node.dataset[name] === value) || null;

  function setup(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    const t = JSON.parse(form.dataset.i18n);
    const key = "cmguide:" + form.dataset.quiz;
    const status = $(document, "[data-status]");
    const say = (message) => {
      status.textContent = "";
      setTimeout(() => (status.textContent = message), 50);
    };
    const store = storage();
    // One state object for the page's whole life: reset empties it in place, so every handler sees the same one.
    const state = { v: form.dataset.version, answers: {}, checked: {}, plan: {} };

    if (!store) say(t.no_storage);
    else {
      const raw = store.getItem(key);
      if (raw) {
        const data = parseSaved(raw);
        if (!data) say(t.cleared_bad);
        else if (data.v !== form.dataset.version) say(t.cleared_old);
        else Object.assign(state, data);
        if (!data || data.v !== form.dataset.version) store.removeItem(key);
      }
    }
    const save = () => {
      try {
        if (store) store.setItem(key, JSON.stringify(state));
      } catch (e) {}
    };

    // Restore answers to questions that still exist; anything else is dropped.
    const answers = {};
    for (const [name, values] of Object.entries(state.answers)) {
      for (const value of values) {
        const input = $$(form, "input").find((i) => i.name === name && i.value === String(value));
        if (input) {
          input.checked = true;
          (answers[name] = answers[name] || []).push(input.value);
        }
      }
    }
    state.answers = answers;

    $$(form, "[data-js]").forEach((node) => (node.hidden = false));
    form.addEventListener("change", (event) => {
      const name = event.target.name;
      state.answers[name] = $$(form, "input:checked").filter((i) => i.name === name).map((i) => i.value);
      if (state.checked[name]) delete state.checked[name];
      save();
      progress();
    });
    // Arrow keys move between the options of a question (radios do it natively; checkboxes too here), never submit.
    form.addEventListener("keydown", (event) => {
      const input = event.target;
      if (input.type !== "checkbox" || !/^Arrow(Up|Down|Left|Right)$/.test(event.key)) return;
      const group = $$(input.closest("fieldset"), "input");
      const step = /Up|Left/.test(event.key) ? -1 : 1;
      group[(group.indexOf(input) + step + group.length) % group.length].focus();
      event.preventDefault();
    });
    form.addEventListener("reset", () => {
      for (const part of ["answers", "checked", "plan"]) state[part] = {};
      if (store) store.removeItem(key);
      $$(form, ".cmg-fb").forEach((node) => node.remove());
      $$(form, ".cmg-right,.cmg-wrong").forEach((node) => node.classList.remove("cmg-right", "cmg-wrong"));
      $$(form, "[data-verdict]").forEach((node) => (node.hidden = true));
      const results = $(document, "[data-results]");
      if (results) results.hidden = true;
      document.body.classList.remove("cmg-has-results");
      setTimeout(progress);
      say(t.reset_done);
    });

    const progress = () => {
      const bar = $(form, "[data-progress]");
      if (!bar) return;
      const total = $$(form, "fieldset").length;
      bar.hidden = false;
      bar.textContent = fill(t.answered, { count: Object.values(state.answers).filter((v) => v.length).length, total });
    };
    progress();

    if (form.classList.contains("cmg-assessment")) assessment(form, t, state, save, say);
    else check(form, t, state, save, say);
  }

  // Knowledge check: per-question feedback, score across the page.
  function check(form, t, state, save, say) {
    const verify = (fieldset, quiet) => {
      const inputs = $$(fieldset, "input");
      const chosen = inputs.filter((i) => i.checked);
      if (!chosen.length) return quiet || say(t.choose_first);
      $$(fieldset, ".cmg-fb").forEach((node) => node.remove());
      let right = 0;
      for (const input of inputs) {
        const label = input.closest("label");
        const correct = input.hasAttribute("data-correct");
        label.classList.toggle("cmg-right", correct);
        label.classList.toggle("cmg-wrong", input.checked && !correct);
        if (input.checked || correct) {
          const feedback = $(byData(fieldset, "[data-feedback]", "feedback", input.value), "em");
          label.append(el("span", { class: "cmg-fb", text: " — " + text(feedback) }));
        }
        if (input.checked === correct) right++;
      }
      const good = chosen.filter((i) => i.hasAttribute("data-correct")).length;
      const verdict = right === inputs.length ? t.right : good ? t.partly : t.wrong;
      const box = $(fieldset, "[data-verdict]");
      box.hidden = false;
      box.textContent = verdict;
      box.className = "cmg-verdict " + (right === inputs.length ? "cmg-ok" : "cmg-ko");
      $(fieldset, "details").open = true;
      state.checked[inputs[0].name] = right === inputs.length;
      save();
      const done = Object.values(state.checked);
      const score = fill(t.checked_score, { score: done.filter(Boolean).length, total: done.length });
      if (!quiet) say(text($(fieldset, "legend")).replace(/\s*\(.*\)$/, "") + " — " + verdict + " " + score);
    };
    $$(form, "fieldset").forEach((fieldset) => {
      $(fieldset, "[data-check]").addEventListener("click", () => verify(fieldset));
      const name = $(fieldset, "input").name;
      if (name in state.checked) verify(fieldset, true);
    });
  }

  // Self-assessment: scores and bands per pitfall, overall profile, chart, action plan.
  function assessment(form, t, state, save, say) {
    const key = $(document, "[data-key]");
    const results = $(document, "[data-results]");
    const sep = document.documentElement.lang === "fr" ? "\u00a0: " : ": ";

    const compute = () => {
      const parts = $$(form, "section[data-pitfall]").map((part) => {
        const id = part.dataset.pitfall;
        const score = $$(part, "input:checked").reduce((sum, input) => sum + Number(input.dataset.points), 0);
        const band = $$(key, "[data-band]").find(
          (b) => b.dataset.pitfall === id && +b.dataset.min <= score && score <= +b.dataset.max
        );
        return { id, title: part.dataset.title, score, max: +part.dataset.max, band };
      });
      const atRisk = parts.filter((p) => p.band.dataset.level !== "low");
      const profile = $$(key, "[data-profile]").find(
        (p) => +p.dataset.min <= atRisk.length && atRisk.length <= +p.dataset.max
      );
      return { parts, atRisk, profile };
    };

    const show = (focus) => {
      const missing = $$(form, "fieldset").filter((f) => !$(f, "input:checked"));
      if (missing.length) {
        if (focus) {
          say(fill(t.incomplete, { count: missing.length }));
          $(missing[0], "input").focus();
        }
        return;
      }
      const { parts, atRisk, profile } = compute();
      results.replaceChildren($(results, "h2"));
      results.append(
        el("h3", { text: t.profile + sep + text($(profile, "[data-label]")) }),
        el("p", { text: text($(profile, "[data-text]")) })
      );

      // Chart (a picture of the table beside it) and the table itself.
      const max = Math.max(...parts.map((p) => p.max));
      const caption = fill(t.chart, { max });
      const row = 34;
      const chart = svg("svg", { viewBox: `0 0 640 ${parts.length * row}`, role: "img", "aria-label": caption, class: "cmg-chart" });
      parts.forEach((p, i) => {
        const y = i * row;
        const label = svg("text", { x: 0, y: y + 21, class: "cmg-chart-label" });
        label.textContent = p.title;
        const value = svg("text", { x: 600, y: y + 21, class: "cmg-chart-value" });
        value.textContent = `${p.score}/${p.max}`;
        chart.append(
          label,
          svg("rect", { x: 230, y: y + 6, width: 360, height: 20, rx: 3, class: "cmg-bar-bg" }),
          svg("rect", { x: 230, y: y + 6, width: (360 * p.score) / p.max || 0, height: 20, rx: 3, class: "cmg-bar cmg-" + p.band.dataset.level }),
          value
        );
      });
      const table = el(
        "table",
        { class: "cmg-table" },
        el("caption", { text: caption }),
        el("thead", {}, el("tr", {}, ...[t.pitfall, t.score, t.band].map((h) => el("th", { scope: "col", text: h }))))
      );
      const body = el("tbody");
      for (const p of parts) {
        body.append(el("tr", {}, el("th", { scope: "row", text: p.title }), el("td", { text: `${p.score}/${p.max}` }), el("td", { text: bandName(p.band) })));
      }
      table.append(body);
      results.append(el("div", { class: "cmg-chart-box" }, chart, table));

      // Advice per pitfall, with the sections to read.
      for (const p of parts) {
        const read = $(p.band, "[data-read]").cloneNode(true);
        results.append(
          el("h3", { text: `${p.title} — ${bandName(p.band)} (${p.score}/${p.max})` }),
          el("p", { text: text($(p.band, "[data-advice]")) }),
          el("p", { class: "cmg-read" }, ...read.childNodes)
        );
      }

      // Action plan: the actions of the pitfalls at risk, as a checklist kept in the browser.
      results.append(el("h3", { text: t.plan }));
      if (!atRisk.length) results.append(el("p", { text: t.plan_empty }));
      else results.append(el("p", { text: t.plan_intro }));
      for (const p of atRisk) {
        const list = el("ul", { class: "cmg-plan" });
        for (const item of $$(byData(key, "[data-plan]", "plan", p.id), "li")) {
          const id = "plan-" + item.dataset.action.replace("/", "--");
          const box = el("input", { type: "checkbox", id });
          box.checked = !!state.plan[item.dataset.action];
          box.addEventListener("change", () => {
            state.plan[item.dataset.action] = box.checked;
            save();
          });
          list.append(el("li", {}, box, " ", el("label", { for: id, text: text(item) })));
        }
        results.append(el("h4", { text: p.title }), list);
      }

      const button = (label, action) => {
        const b = el("button", { type: "button", class: "md-button", text: label });
        b.addEventListener("click", action);
        return b;
      };
      results.append(
        el(
          "p",
          { class: "cmg-buttons cmg-noprint" },
          button(t.print, () => window.print()),
          " ",
          button(t.copy_text, () => copy(summary(parts, profile, t, sep))),
          " ",
          button(t.download, () => download(parts, profile, state))
        )
      );
      results.hidden = false;
      document.body.classList.add("cmg-has-results");
      if (focus) {
        results.focus();
        say(fill(t.ready, { count: atRisk.length }));
      }
    };

    const bandName = (band) => text($(band, "[data-label]")).replace(/^[\d–-]+\s*:?\s*/, "");
    const copy = (value) => {
      const done = () => say(t.copied);
      if (navigator.clipboard) navigator.clipboard.writeText(value).then(done, () => fallback(value, done));
      else fallback(value, done);
    };
    const fallback = (value, done) => {
      const area = el("textarea", { class: "cmg-offscreen", "aria-hidden": "true" });
      area.value = value;
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
      done();
    };
    const summary = (parts, profile, t, sep) => {
      const lines = [text($(document, "h1")).replace(/¶$/, ""), "", t.profile + sep + text($(profile, "[data-label]")), ""];
      for (const p of parts) lines.push(`${p.title}${sep}${p.score}/${p.max} — ${bandName(p.band)}`);
      const plan = $$(results, ".cmg-plan li");
      if (plan.length) lines.push("", t.plan);
      for (const li of plan) lines.push(`[${$(li, "input").checked ? "x" : " "}] ${text(li)}`);
      return lines.join("\n");
    };
    const download = (parts, profile, state) => {
      const data = {
        quiz: form.dataset.quiz,
        version: form.dataset.version,
        language: document.documentElement.lang,
        date: new Date().toISOString(),
        profile: profile.dataset.min + "-" + profile.dataset.max + " " + text($(profile, "[data-label]")),
        pitfalls: parts.map((p) => ({ id: p.id, title: p.title, score: p.score, max: p.max, band: bandName(p.band), level: p.band.dataset.level })),
        answers: state.answers,
        plan: state.plan,
      };
      const link = el("a", { download: form.dataset.quiz.replace("/", "-") + ".json", href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" })) });
      document.body.append(link);
      link.click();
      link.remove();
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      show(true);
    });
    show(false);
  }

  const init = () => $$(document, "form.cmg-quiz").forEach(setup);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else init();
})();
