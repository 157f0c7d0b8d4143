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
    const restore = (saved) => {
      const answers = {};
      $$(form, "fieldset input").forEach((i) => (i.checked = false));
      for (const [name, values] of Object.entries(saved)) {
        for (const value of values) {
          const input = $$(form, "input").find((i) => i.name === name && i.value === String(value));
          if (input) {
            input.checked = true;
            (answers[name] = answers[name] || []).push(input.value);
          }
        }
      }
      state.answers = answers;
    };
    restore(state.answers);

    $$(form, "[data-js]").forEach((node) => (node.hidden = false));
    form.addEventListener("change", (event) => {
      const fieldset = event.target.closest("fieldset");
      if (!fieldset) return;
      const name = event.target.name;
      // an answer clears its "not answered" mark, and the message once no mark is left
      fieldset.removeAttribute("aria-invalid");
      $$(fieldset, ".cmg-missing").forEach((node) => node.remove());
      if (!$(form, "fieldset[aria-invalid]")) $$(form, ".cmg-missing-msg").forEach((node) => node.remove());
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
    // Reset asks first (a modal dialog, Cancel focused; Escape cancels): never a silent loss.
    let confirmed = false;
    const ask = (question, yes) => {
      const back = document.activeElement;
      const dialog = el(
        "dialog",
        { class: "cmg-dialog", "aria-labelledby": "cmg-ask" },
        el("p", { id: "cmg-ask", text: question }),
        el(
          "form",
          { method: "dialog", class: "cmg-buttons" },
          el("button", { value: "yes", class: "md-button md-button--primary", text: t.confirm }),
          " ",
          el("button", { value: "no", class: "md-button", text: t.cancel, autofocus: "" })
        )
      );
      dialog.addEventListener("close", () => {
        dialog.remove();
        if (back) back.focus();
        if (dialog.returnValue === "yes") yes();
        else say(t.kept);
      });
      form.after(dialog);
      dialog.showModal();
    };
    form.addEventListener("reset", (event) => {
      if (!confirmed) {
        event.preventDefault();
        event.stopImmediatePropagation();
        ask(t[form.classList.contains("cmg-assessment") ? "reset_ask" : "reset_ask_check"], () => {
          confirmed = true;
          form.reset();
          confirmed = false;
        });
        return;
      }
      $$(form, ".cmg-missing,.cmg-missing-msg").forEach((node) => node.remove());
      $$(form, "fieldset").forEach((node) => node.removeAttribute("aria-invalid"));
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

    if (form.classList.contains("cmg-assessment")) assessment(form, t, state, save, say, store, restore);
    else check(form, t, state, save, say);
  }

  // Knowledge check: per-question feedback, then a summary with what to reread and a retry of the missed ones.
  function check(form, t, state, save, say) {
    const fieldsets = $$(form, "fieldset");
    const summary = $(form, "[data-summary]");
    const button = (label, action) => {
      const b = el("button", { type: "button", class: "md-button", text: label });
      b.addEventListener("click", action);
      return b;
    };

    // A question's text as its legend shows it, without the "(one answer)" hint.
    const questionText = (fieldset) => {
      const legend = $(fieldset, "legend").cloneNode(true);
      $$(legend, ".cmg-hint").forEach((node) => node.remove());
      return text(legend);
    };

    const verify = (fieldset, quiet) => {
      const inputs = $$(fieldset, "input");
      const chosen = inputs.filter((i) => i.checked);
      if (!chosen.length) return quiet || say(t.choose_first);
      const allRight = showFeedback(fieldset, inputs);
      const good = chosen.filter((i) => i.hasAttribute("data-correct")).length;
      const verdict = allRight ? t.right : good ? t.partly : t.wrong;
      const box = $(fieldset, "[data-verdict]");
      box.hidden = false;
      box.textContent = verdict;
      box.className = "cmg-verdict " + (allRight ? "cmg-ok" : "cmg-ko");
      state.checked[inputs[0].name] = allRight;
      save();
      const done = Object.values(state.checked);
      const score = fill(t.checked_score, { score: done.filter(Boolean).length, total: done.length });
      const summaryLine = showSummary();
      if (!quiet) say([questionText(fieldset) + " — " + verdict + " " + score, summaryLine].filter(Boolean).join(" "));
    };

    // Each option's feedback once: beside the options chosen and the right ones (the list under "Answer" then
    // only repeats them, so it is hidden while the explanation shows).
    const showFeedback = (fieldset, inputs) => {
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
      $(fieldset, "[data-feedback-list]").hidden = true;
      $(fieldset, "details").open = true;
      return right === inputs.length;
    };

    const clear = (fieldset) => {
      $$(fieldset, "input").forEach((input) => (input.checked = false));
      $$(fieldset, ".cmg-fb").forEach((node) => node.remove());
      $$(fieldset, ".cmg-right,.cmg-wrong").forEach((node) => node.classList.remove("cmg-right", "cmg-wrong"));
      $(fieldset, "[data-verdict]").hidden = true;
      $(fieldset, "[data-feedback-list]").hidden = false;
      $(fieldset, "details").open = false;
    };

    // Once every question is checked: the score, the sections to reread for the missed ones, and a retry.
    const showSummary = () => {
      const names = fieldsets.map((f) => $(f, "input").name);
      if (!names.every((name) => name in state.checked)) {
        summary.hidden = true;
        return "";
      }
      const missed = fieldsets.filter((f) => !state.checked[$(f, "input").name]);
      const line = fill(t.check_summary, { score: fieldsets.length - missed.length, total: fieldsets.length });
      summary.replaceChildren(el("p", { class: "cmg-summary-score", text: line }));
      if (!missed.length) summary.append(el("p", { text: t.all_right }));
      else {
        const list = el("ul");
        for (const f of missed) {
          list.append(el("li", {}, el("a", { href: f.dataset.read, text: f.dataset.readLabel }), " — " + questionText(f)));
        }
        summary.append(el("p", { text: t.to_reread }), list, el("p", {}, button(t.retry, () => retry(missed))));
      }
      fieldsets.forEach((f) => (f.hidden = false));
      summary.hidden = false;
      return line;
    };

    const retry = (missed) => {
      for (const f of fieldsets) {
        const name = $(f, "input").name;
        if (missed.includes(f)) {
          clear(f);
          delete state.checked[name];
          delete state.answers[name];
        } else f.hidden = true;
      }
      save();
      summary.hidden = true;
      say(fill(t.retry_started, { count: missed.length }));
      $(missed[0], "input").focus();
    };

    form.addEventListener("reset", () => {
      fieldsets.forEach((f) => {
        f.hidden = false;
        $(f, "[data-feedback-list]").hidden = false;
      });
      summary.hidden = true;
    });
    fieldsets.forEach((fieldset) => {
      $(fieldset, "[data-check]").addEventListener("click", () => verify(fieldset));
      const name = $(fieldset, "input").name;
      if (name in state.checked) verify(fieldset, true);
    });
  }

  // Self-assessment: the scoring model of cmguide/scoring.py, step for step, then the results.
  function assessment(form, t, state, save, say, store, restore) {
    const key = $(document, "[data-key]");
    const results = $(document, "[data-results]");
    const lang = document.documentElement.lang;
    const sep = t.colon + " "; // the language's colon, from cmguide/locales.py
    const version = form.dataset.version;
    const minAnswered = +form.dataset.minAnswered;
    const bandName = (band) => text($(band, "[data-label]")).replace(/^[\d–-]+\s*:?\s*/, "");
    const button = (label, action) => {
      const b = el("button", { type: "button", class: "md-button", text: label });
      b.addEventListener("click", action);
      return b;
    };
    const table = (cls, caption, heads, rows, named) =>
      el(
        "div",
        { class: cls },
        el(
          "table",
          named ? { tabindex: "0", "aria-labelledby": named } : { tabindex: "0" },
          caption && el("caption", { text: caption }),
          el("thead", {}, el("tr", {}, ...heads.map((h) => el("th", { scope: "col", text: h })))),
          el("tbody", {}, ...rows.map(([head, ...cells]) => el("tr", {}, el("th", { scope: "row", text: head }), ...cells.map((c) => el("td", { text: c })))))
        )
      );

    // One pitfall: score over the answered statements, brought back to the whole pitfall's scale, then the
    // band, lifted by a risky habit at its highest level (or a critical one at either of its two highest).
    const scorePart = (part) => {
      const id = part.dataset.pitfall;
      const bands = $$(key, "[data-band]").filter((b) => b.dataset.pitfall === id).sort((a, b) => a.dataset.min - b.dataset.min);
      const p = { id, bands, title: part.dataset.title, total: $$(part, "fieldset").length, fullMax: +part.dataset.max, score: 0, answeredMax: 0, answered: 0, setAside: 0, floor: 0, liftedBy: null };
      for (const fieldset of $$(part, "fieldset")) {
        const chosen = $(fieldset, "input:checked");
        if (!chosen || chosen.value === "na") {
          p.setAside += chosen ? 1 : 0;
          continue;
        }
        const levels = [...new Set($$(fieldset, "input[data-points]").map((i) => +i.dataset.points))].sort((a, b) => b - a);
        const points = +chosen.dataset.points;
        p.score += points;
        p.answeredMax += levels[0];
        p.answered += 1;
        if (fieldset.dataset.direction !== "risk") continue;
        const critical = fieldset.hasAttribute("data-critical");
        let lift = 0;
        if (points === levels[0]) lift = critical ? bands.length - 1 : 1;
        else if (critical && points === levels[1]) lift = 1;
        lift = Math.min(lift, bands.length - 1);
        if (lift > p.floor) [p.floor, p.liftedBy] = [lift, +fieldset.dataset.n];
      }
      if (p.answered < minAnswered) return { ...p, band: null, index: -1, scaled: -1 };
      const scaled = p.answeredMax ? Math.floor((2 * p.score * p.fullMax + p.answeredMax) / (2 * p.answeredMax)) : 0;
      const byScore = bands.findIndex((b) => +b.dataset.min <= scaled && scaled <= +b.dataset.max);
      const index = Math.max(byScore, p.floor);
      return { ...p, scaled, band: bands[index], index, top: index === bands.length - 1, lifted: index > byScore ? p.liftedBy : null };
    };

    // The profile: by the number of placed pitfalls outside the lowest band, then the next one while more
    // pitfalls are in their top band than the profile allows (data-max-high).
    const chooseProfile = (parts) => {
      const atRisk = parts.filter((p) => p.index > 0);
      const high = parts.filter((p) => p.top).length;
      const profiles = $$(key, "[data-profile]").sort((a, b) => a.dataset.min - b.dataset.min);
      let index = profiles.findIndex((p) => +p.dataset.min <= atRisk.length && atRisk.length <= +p.dataset.max);
      const allows = (p) => !p.hasAttribute("data-max-high") || high <= +p.dataset.maxHigh;
      while (!allows(profiles[index]) && index + 1 < profiles.length) index += 1;
      return { atRisk, profile: profiles[index] };
    };

    const ratio = (p) => (p.band ? `${p.scaled}/${p.fullMax}` : "—");
    const bandText = (p) => (p.band ? bandName(p.band) : t.unplaced);

    // One row per pitfall in HTML (text stays at its CSS size at any width), the bar an SVG on the pitfall's
    // scale with a line at each band threshold; band names in words and a legend, never colour alone.
    const renderChart = (parts) => {
      const rows = parts.map((p) => {
        const bar = svg("svg", { viewBox: `0 0 ${p.fullMax} 1`, preserveAspectRatio: "none", class: "cmg-bar-box" });
        bar.append(svg("rect", { width: p.fullMax, height: 1, class: "cmg-bar-bg" }));
        if (p.band) bar.append(svg("rect", { width: p.scaled, height: 1, class: "cmg-" + p.band.dataset.level }));
        for (const b of p.bands.slice(1)) bar.append(svg("line", { x1: b.dataset.min, x2: b.dataset.min, y1: 0, y2: 1, class: "cmg-th" }));
        return el("div", { class: "cmg-row" }, el("p", {}, el("strong", { text: p.title }), el("span", { text: p.band ? `${ratio(p)} · ${bandText(p)}` : t.unplaced })), bar);
      });
      const levels = new Map($$(key, "[data-band]").map((b) => [b.dataset.level, bandName(b)]));
      const legend = el("p", { class: "cmg-legend" }, el("span", { text: t.legend + sep }));
      for (const [level, name] of levels) legend.append(el("span", {}, el("span", { class: "cmg-swatch cmg-" + level }), name));
      legend.append(el("span", {}, el("span", { class: "cmg-swatch cmg-th" }), t.thresholds));
      return [
        el("div", { class: "cmg-chart", role: "img", "aria-label": t.chart }, ...rows),
        legend,
        table("cmg-table", t.chart, [t.pitfall, t.score, t.band], parts.map((p) => [p.title, ratio(p), bandText(p)])),
      ];
    };

    // The plan's first step for a pitfall: its first priority action not yet ticked.
    const actions = (p) => {
      const items = $$(byData(key, "[data-plan]", "plan", p.id), "li");
      const first = items.filter((i) => i.hasAttribute("data-priority"));
      return first.length ? [first, items.filter((i) => !first.includes(i))] : [items.slice(0, 3), items.slice(3)];
    };

    const renderAdvice = (p) => {
      const nodes = [el("h3", { text: p.band ? `${p.title} — ${bandText(p)} (${ratio(p)})` : `${p.title} — ${t.unplaced}` })];
      if (p.setAside) nodes.push(el("p", { class: "cmg-aside", text: fill(t.set_aside, { count: p.setAside }) }));
      if (!p.band) {
        nodes.push(el("p", { text: fill(t.too_few, { min: minAnswered, total: p.total }) }));
        return nodes;
      }
      if (p.lifted) nodes.push(el("p", { class: "cmg-lifted", text: fill(t.lifted, { n: p.lifted }) }));
      nodes.push(el("p", { text: text($(p.band, "[data-advice]")) }));
      if (p.index > 0) {
        const [first] = actions(p);
        const next = first.find((i) => !state.plan[i.dataset.action]) || first[0];
        nodes.push(el("p", { class: "cmg-next" }, el("strong", { text: t.next_step + sep }), text(next)));
      }
      const links = $$($(p.band, "[data-read]"), "a").map((a) => el("a", { href: a.getAttribute("href"), text: fill(t.read_link, { section: text(a), pitfall: p.title }) }));
      nodes.push(el("p", { class: "cmg-read" }, ...links.flatMap((a, i) => (i ? [" · ", a] : [a]))));
      return nodes;
    };

    // Action plan: per pitfall at risk its first steps, the other actions behind a disclosure; ticks are kept.
    const renderPlan = (atRisk) => {
      const list = (items) => {
        const ul = el("ul", { class: "cmg-plan" });
        for (const item of items) {
          const id = "plan-" + item.dataset.action.replace("/", "--");
          const box = el("input", { type: "checkbox", id });
          box.checked = !!state.plan[item.dataset.action];
          box.addEventListener("change", () => {
            state.plan[item.dataset.action] = box.checked;
            save();
          });
          ul.append(el("li", {}, box, el("label", { for: id, text: text(item) })));
        }
        return ul;
      };
      const nodes = [el("h3", { text: t.plan }), el("p", { text: atRisk.length ? t.plan_intro : t.plan_empty })];
      for (const p of atRisk) {
        const [first, rest] = actions(p);
        nodes.push(el("h4", { text: p.title }), list(first));
        if (rest.length) nodes.push(el("details", { class: "cmg-more" }, el("summary", { text: fill(t.more_actions, { count: rest.length }) }), list(rest)));
      }
      return nodes;
    };

    // History: dated results kept in this browser (the last 12; scores and band ids only, no text).
    const hkey = "cmguide:history:" + form.dataset.quiz;
    const entryOk = (e) => isMap(e) && typeof e.d === "string" && typeof e.v === "string" && allValues(e.s, (x) => Array.isArray(x) && x.length === 2 && Number.isInteger(x[0]) && typeof x[1] === "string");
    const history = () => {
      try {
        const list = JSON.parse(store.getItem(hkey));
        return Array.isArray(list) ? list.filter(entryOk) : [];
      } catch (e) {
        return [];
      }
    };
    const record = (parts) => {
      const s = {};
      for (const p of parts) if (p.band) s[p.id] = [p.scaled, p.band.dataset.band];
      try {
        store.setItem(hkey, JSON.stringify([...history(), { d: new Date().toISOString(), v: version, s }].slice(-12)));
      } catch (e) {}
    };
    const renderHistory = (parts) => {
      if (!store) return [];
      const list = history().filter((e) => e.v === version).slice(-3);
      if (list.length < 2) return [el("p", { class: "cmg-aside cmg-history-first", text: t.history_first })];
      const [prev, last] = list.slice(-2).map((e) => e.s);
      const when = (e) => new Date(e.d).toLocaleString(lang, { dateStyle: "short", timeStyle: "short" });
      const rows = parts.map((p) => {
        const cells = list.map((e) => (e.s[p.id] ? String(e.s[p.id][0]) : "—"));
        const change = prev[p.id] && last[p.id] ? last[p.id][0] - prev[p.id][0] : null;
        return [p.title, ...cells, change === null ? "—" : change > 0 ? "+" + change : change < 0 ? "−" + -change : "="];
      });
      return [el("h3", { id: "cmg-history", text: t.history }), table("cmg-history", null, [t.pitfall, ...list.map(when), t.change], rows, "cmg-history")];
    };

    const show = (focus, keep) => {
      $$(form, ".cmg-missing,.cmg-missing-msg").forEach((node) => node.remove());
      $$(form, "fieldset").forEach((f) => f.removeAttribute("aria-invalid"));
      const missing = $$(form, "fieldset").filter((f) => !$(f, "input:checked"));
      if (missing.length) {
        if (!focus) return;
        // every unanswered statement marked in words, the message beside the first one and in the live region
        for (const f of missing) {
          f.setAttribute("aria-invalid", "true");
          $(f, "legend").append(el("span", { class: "cmg-missing", text: " — " + t.missing }));
        }
        const message = fill(t.incomplete, { count: missing.length });
        const note = el("p", { class: "cmg-missing-msg", text: message });
        missing[0].before(note);
        $(missing[0], "input").focus({ preventScroll: true });
        note.scrollIntoView({ block: "start" });
        say(message);
        return;
      }
      const parts = $$(form, "section[data-pitfall]").map(scorePart);
      const { atRisk, profile } = chooseProfile(parts);
      // highest risk first: band, then scaled score; pitfalls not placed last
      const order = parts.slice().sort((a, b) => b.index - a.index || b.scaled - a.scaled);
      if (focus && !keep) record(parts);
      results.replaceChildren(
        $(results, "h2"),
        el("h3", { text: t.profile + sep + text($(profile, "[data-label]")) }),
        el("p", { text: text($(profile, "[data-text]")) }),
        ...renderChart(order),
        ...order.flatMap(renderAdvice),
        ...renderPlan(order.filter((p) => atRisk.includes(p))),
        ...renderHistory(order),
        el(
          "p",
          { class: "cmg-buttons cmg-noprint" },
          button(t.print, () => window.print()),
          " ",
          button(t.copy_text, () => copy(summary(order, profile))),
          " ",
          button(t.download, () => download(order, profile))
        )
      );
      results.hidden = false;
      document.body.classList.add("cmg-has-results");
      if (focus) {
        results.focus({ preventScroll: true });
        results.scrollIntoView({ block: "start" });
        say(fill(t.ready, { count: atRisk.length }));
      }
    };

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
    const summary = (parts, profile) => {
      const lines = [text($(document, "h1")).replace(/¶$/, ""), "", t.profile + sep + text($(profile, "[data-label]")), ""];
      for (const p of parts) lines.push(`${p.title}${sep}${ratio(p)} — ${bandText(p)}`);
      const plan = $$(results, ".cmg-plan li");
      if (plan.length) lines.push("", t.plan);
      for (const li of plan) lines.push(`[${$(li, "input").checked ? "x" : " "}] ${text(li)}`);
      return lines.join("\n");
    };
    const download = (parts, profile) => {
      const data = {
        quiz: form.dataset.quiz,
        version,
        language: lang,
        date: new Date().toISOString(),
        profile: text($(profile, "[data-label]")),
        pitfalls: parts.map((p) => ({
          id: p.id,
          title: p.title,
          score: p.band ? p.scaled : null,
          max: p.fullMax,
          set_aside: p.setAside,
          band: p.band ? bandName(p.band) : null,
          level: p.band ? p.band.dataset.level : null,
        })),
        answers: state.answers,
        plan: state.plan,
      };
      const link = el("a", { download: form.dataset.quiz.replace("/", "-") + ".json", href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" })) });
      document.body.append(link);
      link.click();
      link.remove();
    };

    // Import of an export: the whole shape checked (this quiz, this version, known answers and actions),
    // anything else refused with a message; nothing changes unless all of it is right.
    const file = $(form, "[data-import]");
    const valid = (data) => {
      const options = (name) => $$(form, "fieldset input").filter((i) => i.name === name).map((i) => i.value);
      const known = $$(key, "[data-action]").map((i) => i.dataset.action);
      return (
        typeof data.date === "string" &&
        Array.isArray(data.pitfalls) &&
        data.pitfalls.every(isMap) &&
        allValues(data.answers, (v) => Array.isArray(v) && v.length === 1) &&
        Object.entries(data.answers).every(([name, [v]]) => options(name).includes(v)) &&
        allValues(data.plan, (v) => typeof v === "boolean") &&
        Object.keys(data.plan).every((a) => known.includes(a))
      );
    };
    file.addEventListener("change", async () => {
      let data = null;
      try {
        const chosen = file.files[0];
        data = chosen && chosen.size < 1e6 ? JSON.parse(await chosen.text()) : null;
      } catch (e) {}
      file.value = "";
      if (!isMap(data) || typeof data.quiz !== "string" || typeof data.version !== "string") return say(t.import_bad);
      if (data.quiz !== form.dataset.quiz || data.version !== version) return say(t.import_other);
      if (!valid(data)) return say(t.import_bad);
      restore(data.answers);
      state.plan = { ...data.plan };
      save();
      show(true, true);
      say(t.import_done);
    });

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
