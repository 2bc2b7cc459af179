"""Every element id the page's scripts (assets/*.js) look up is a constant in dashboard/ids.py, so renaming an id
there cannot silently break a script."""

from __future__ import annotations

import re

from dashboard import ids

from conftest import ROOT

STRING = r"""["']([A-Za-z][\w-]*)["']"""
# Where a script names an element id: a lookup by id, Dash's set_props, a button pressed by id, or "#id" in a
# CSS selector string.
BY_ID = re.compile(rf"(?:getElementById|set_props|press)\(\s*{STRING}")
IN_SELECTOR = re.compile(r"""["'][^"'\n]*#([A-Za-z][\w-]*)[^"'\n]*["']""")
KEY_TABLE = re.compile(r"var KEYS = \{(.*?)\};", re.S)  # presentation.js: key -> id of the button it presses


def script_ids(source: str) -> set[str]:
    found = set(BY_ID.findall(source)) | set(IN_SELECTOR.findall(source))
    for table in KEY_TABLE.findall(source):
        found |= set(re.findall(rf":\s*{STRING}", table))
    return found


def declared_ids() -> set[str]:
    return {value for name, value in vars(ids).items() if name.isupper() and isinstance(value, str)}


def test_the_finder_sees_each_way_a_script_names_an_id():
    source = """document.getElementById("a-1"); x.querySelector('#b_2 .c'); set_props("c", {});
                press("d"); var KEYS = {Escape: "e", " ": "f"};"""
    assert script_ids(source) == {"a-1", "b_2", "c", "d", "e", "f"}


def test_every_id_used_in_assets_js_is_declared_in_ids_py():
    scripts = sorted((ROOT / "assets").glob("*.js"))
    assert scripts
    used = {name: script_ids(path.read_text(encoding="utf-8")) for path in scripts for name in [path.name]}
    assert sum(map(len, used.values())) >= 5, used  # the scripts do look ids up; the finder must see them
    missing = {name: sorted(found - declared_ids()) for name, found in used.items() if found - declared_ids()}
    assert not missing, f"ids used in assets/*.js but not in dashboard/ids.py: {missing}"
