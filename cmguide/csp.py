"""A Content-Security-Policy for each built page: nothing from other hosts, no inline script but the theme's own.

The theme (Material) writes three small inline scripts whose text depends on the page's depth; each page's policy
allows exactly those, by hash. Any other inline script, injected markup or event handler is refused by the browser.
"""

from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)


def policy(html: str) -> str:
    hashes = sorted({_hash(script) for script in INLINE_SCRIPT.findall(html)})
    return POLICY.format(hashes=" ".join(hashes)).replace("  ", " ")


def with_policy(html: str) -> str:
    """The page with its policy as the first element of <head> (before any script can run)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return re.sub(r"<head>", "<head>\n    " + meta, html, count=1)


def allow_added_scripts(served: str, built: str) -> str:
    """The page as served, with the inline scripts that the server added (mkdocs serve's live reload) allowed
    by hash in its policy: the policy stays as strict, and only those exact scripts are added."""
    added = set(INLINE_SCRIPT.findall(served)) - set(INLINE_SCRIPT.findall(built))
    if not added:
        return served
    hashes = " ".join(sorted(_hash(script) for script in added))
    return re.sub(
        r"(<meta http-equiv=\"Content-Security-Policy\" content=\"[^\"]*?script-src 'self')",
        r"\1 " + hashes,
        served,
        count=1,
    )


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"
