"""Dash's internals are used in one module (dashboard/dash_seam.py), so a Dash upgrade is checked in one place."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Attributes of Dash's that are not its public API: the component tree's traversal and props, a component's
# declared props, and Dash's deferred setup. Written here, not read from the seam.
INTERNALS = re.compile(r"\.(_traverse\w*|_prop_names|_namespace|_type|_valid_wildcard_attributes|available_properties"
                       r"|available_wildcard_properties|_setup_server)\b")
# The tags Dash's index writes, matched as text.
TAG_PATTERNS = re.compile(r"<script src=|<link rel=\\?\"stylesheet")


def test_only_the_seam_reaches_into_dash():
    """No module but dash_seam.py reads Dash's private attributes or parses the tags its index writes."""
    offenders = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        if path.name == "dash_seam.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if INTERNALS.search(code) or ("re.compile" in code and TAG_PATTERNS.search(code)):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
