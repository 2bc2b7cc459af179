"""The `dashboard` command: serve (default) and validate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import DEFAULT_DATA_DIR
from .errors import DataError
from .loading import FIGURES_FILE, validate


def _validate(args: argparse.Namespace) -> int:
    path = Path(args.path) if args.path else DEFAULT_DATA_DIR
    data_dir, figures = (path, None) if path.is_dir() else (Path(args.data_dir), path)
    try:
        dataset = validate(data_dir, figures)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    shown = figures or data_dir / FIGURES_FILE
    print(f"{shown}: {len(dataset.figures)} figures, {len(dataset.charts)} charts: all valid")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .app import create_app

    try:
        app = create_app(args.data_dir)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    # The version check would fetch from plotly.com, which the Content-Security-Policy (rightly) blocks.
    app.run(host=args.host, port=args.port, debug=args.debug, dev_tools_disable_version_check=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dashboard", description=__doc__)
    parser.add_argument("--data-dir", default=str(DEFAULT_DATA_DIR), help="folder of the data files")
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="run the dashboard (default)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--debug", action="store_true", help="Dash dev tools and reloading; never in production")
    check = sub.add_parser("validate", help="check a figures file or a data folder")
    check.add_argument("path", nargs="?", help="figures CSV or data folder (default: the project's data/)")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args)
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "serve"])
    return _serve(args)


if __name__ == "__main__":
    sys.exit(main())
