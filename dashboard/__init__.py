"""Chengdu 2023 human resources, social security and science popularisation dashboard."""

from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PERIOD = "2023"
