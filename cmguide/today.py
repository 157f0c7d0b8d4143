"""Today's date, the one the review dates are checked against (a module of its own: the build cache's key needs it
without loading the content's models)."""

from __future__ import annotations

import datetime as _dt
import os


def today() -> str:
    """Today as YYYY-MM-DD (CMGUIDE_TODAY when it is set)."""
    return os.environ.get("CMGUIDE_TODAY") or _dt.date.today().isoformat()
