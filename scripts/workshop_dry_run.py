"""A dry run of a half-day workshop with 15 community managers, in Chromium, on a built site:

    .venv/bin/mkdocs build -d /tmp/site && .venv/bin/python scripts/workshop_dry_run.py /tmp/site

15 browser contexts (phones; 12 on the French site, 3 on the English one) take the self-assessment at the start,
14 take it again at the end with about half their habits one step safer (one left early); the facilitator pastes
both sets of codes, plus one mistyped code, into the debrief page, which prints what it shows. The answers are
random but seeded, so two runs print the same figures. Not part of the test suite (tests/test_debrief.py is).
"""

import functools
import http.server
import random
import socketserver
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from playwright.sync_api import sync_playwright  # noqa: E402

from cmguide import results_code as rc  # noqa: E402
from cmguide.loader import load_content  # noqa: E402
from cmguide.locales import local  # noqa: E402

SITE = sys.argv[1]
C = load_content(ROOT)
LAYOUT = rc.layout(C)
SCALE = [o.id for o in C.assessment.scale]  # never..always
rng = random.Random(2026)


class Q(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


httpd = socketserver.TCPServer(("127.0.0.1", 0), functools.partial(Q, directory=SITE))
threading.Thread(target=httpd.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{httpd.server_address[1]}/"


def answers_before(person):
    out = {}
    for p in C.pitfalls:
        lean = rng.choice([0, 1, 1, 2, 2, 3])  # how far this person leans to risky habits on this pitfall
        for s in C.statements[p.id].statements:
            if rng.random() < 0.06:
                out[s.id] = "na"
                continue
            risky = min(4, max(0, lean + rng.choice([-1, 0, 0, 1])))
            out[s.id] = SCALE[risky] if s.direction == "risk" else SCALE[4 - risky]
    return out


def answers_after(before):
    out = dict(before)
    for sid, v in before.items():  # after the workshop: about half the habits move one step to the safer side
        if v != "na" and rng.random() < 0.5:
            s = next(x for p in C.pitfalls for x in C.statements[p.id].statements if x.id == sid)
            i = SCALE.index(v)
            i = max(0, i - 1) if s.direction == "risk" else min(4, i + 1)
            out[sid] = SCALE[i]
    return out


def take(browser, answers, lang):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})  # phones
    page = ctx.new_page()
    page.goto(base + ("" if lang == "fr" else "en/") + "self-assessment/")
    for sid, option in answers.items():
        page.locator(f"input[name='{sid}'][value='{option}']").check()
    page.get_by_role("button", name=local(C.site.quiz_ui.see_results, lang)).click()
    code = page.locator("[data-results-code]").inner_text().strip()
    ctx.close()
    return code


start = time.time()
with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
    langs = ["fr"] * 12 + ["en"] * 3  # three participants read the English site: same codes
    before_answers = [answers_before(i) for i in range(15)]
    after_answers = [answers_after(a) for a in before_answers]
    before = [take(b, a, langs[i]) for i, a in enumerate(before_answers)]
    after = [take(b, a, langs[i]) for i, a in enumerate(after_answers[:14])]  # one left early
    tampered = before[0][:-1] + ("0" if before[0][-1] != "0" else "1")
    ctx = b.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(base + "debrief/")
    page.locator("#cmg-before").fill("\n".join([f"{i + 1:02d} {c}" for i, c in enumerate(before)] + [tampered]))
    page.locator("#cmg-after").fill("\n".join(after))
    page.get_by_role("button", name=local(C.debrief.show, "fr")).click()
    page.locator("#results").wait_for(state="visible")
    print("codes before:", len(before), "after:", len(after), "e.g.", before[0], "->", after[0])
    for c in before + after:
        assert rc.decode(LAYOUT, c) is not None
    print("STATUS:", page.locator("[data-status]").inner_text().replace("\n", " | "))
    print("RESULTS:\n" + page.locator("#results").inner_text())
    b.close()
httpd.shutdown()
print(f"took {time.time() - start:.0f} s")
