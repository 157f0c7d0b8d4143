/* cmguide results code: encode and read the short code of self-assessment results, the format of
   cmguide/results_code.py step for step (see quizzes/FORMAT.md). The layout comes from the page (data-code). */
(() => {
  "use strict";
  const ABC = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const digits = (n, width) => {
    let out = "";
    for (let i = 0; i < width; i++, n = Math.floor(n / 32)) out = ABC[n % 32] + out;
    return out;
  };
  const number = (chars) => [...chars].reduce((v, ch) => v * 32 + ABC.indexOf(ch), 0);
  const check = (lay, body) => [...body].reduce((s, ch, i) => s + (i + 1) * ABC.indexOf(ch), 0) % lay.mod;
  const bandOf = (p, scaled) => p.bands.findIndex((b) => b.min <= scaled && scaled <= b.max);

  // values: per pitfall [scaled, band index], or null when not placed
  const encode = (lay, values) => {
    let body = lay.prefix + lay.version;
    lay.pitfalls.forEach((p, i) => {
      const v = values[i];
      body += digits(v ? 1 + v[0] * p.bands.length + v[1] : 0, p.width);
    });
    const rest = body.slice(lay.prefix.length) + digits(check(lay, body), 2);
    return [lay.prefix, ...rest.match(new RegExp(`.{1,${lay.group}}`, "g"))].join("-");
  };

  // The values of a code, or { error: "format" | "check" | "version" | "values" | "long" }.
  const decode = (lay, text) => {
    if (typeof text !== "string" || text.length > lay.max) return { error: "long" };
    const body = text.replace(/[\s-]/g, "").toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
    const head = lay.prefix.length;
    if (!/^CM1[0-9A-HJKMNP-TV-Z]+$/.test(body) || body.length < head + 7) return { error: "format" };
    if (check(lay, body.slice(0, -2)) !== number(body.slice(-2))) return { error: "check" };
    if (body.slice(head, head + 4) !== lay.version) return { error: "version" };
    if (body.length !== head + 6 + lay.pitfalls.reduce((s, p) => s + p.width, 0)) return { error: "values" };
    const values = [];
    let at = head + 4;
    for (const p of lay.pitfalls) {
      const n = number(body.slice(at, at + p.width));
      at += p.width;
      if (!n) {
        values.push(null);
        continue;
      }
      const scaled = Math.floor((n - 1) / p.bands.length);
      const band = (n - 1) % p.bands.length;
      const own = bandOf(p, scaled);
      // the score's own band, or one a risky habit lifts it to (the second, or the top one)
      if (scaled > p.max || own < 0 || !(band === own || (band > own && (band === 1 || band === p.bands.length - 1)))) return { error: "values" };
      values.push([scaled, band]);
    }
    return { values };
  };

  window.cmguideCode = { encode, decode };
})();
