"""Chengdu 2023 human resources, social security and science popularisation dashboard."""

from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PERIOD = "2023"
__version__ = "0.1.0"  # pyproject's version: Dash puts it in the URL of the component suite below

# The package's own Dash component (static_html.py) and its script, served by Dash like any component suite.
_js_dist = [{"relative_package_path": "static_html.js", "namespace": "dashboard"}]
