"""The `dashboard` command: serve (default), validate, export, build, ingest and merge."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import DEFAULT_DATA_DIR
from .errors import DataError, SetupError
from .exports.files import FORMATS
from .view.strings import LANGUAGES
from .data.dataset import validate
from .data.schema import FIGURES_FILE


def _validate(args: argparse.Namespace) -> int:
    path = Path(args.path) if args.path else DEFAULT_DATA_DIR
    data_dir, figures = (path, None) if path.is_dir() else (Path(args.data_dir), path)
    try:
        dataset = validate(data_dir, figures)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    shown = figures or data_dir / FIGURES_FILE
    periods = f" ({len(dataset.history)} rows in {len(dataset.periods)} periods)" if len(dataset.periods) > 1 else ""
    print(f"{shown}: {len(dataset.figures)} figures{periods}, {len(dataset.charts)} charts: all valid")
    return 0


def _export(args: argparse.Namespace) -> int:
    """A view's charts as PNGs, a ZIP or a PPTX in a folder, with a progress bar on stderr."""
    from .exports.pack import export_view
    from .view.url import query_problems
    from .data.dataset import load

    try:
        data = load(args.data_dir)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    view, lang, problems = query_problems(args.view, data)
    if args.lang:
        lang = args.lang
    if problems:
        print(f"--view {args.view!r} is not a view of this dashboard:", *problems, sep="\n  ", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    asked = args.format or ([] if args.handout else ["pptx"])  # --handout alone: only the handout
    kinds = list(dict.fromkeys([*asked, *(["pdf"] if args.handout else [])]))
    for kind in kinds:  # one process, one warm renderer for every format asked for
        files = export_view(data, view, kind, lang=lang, base_url=args.base_url,
                            progress=_progress_bar(sys.stderr, kind), data_dir=args.data_dir)
        for name, content in files.items():
            (out / name).write_bytes(content)
            print(out / name)
    return 0


def _formats(text: str) -> list[str]:
    """--format: one of FORMATS, or several separated by commas (each once, in the order given)."""
    kinds = list(dict.fromkeys(part.strip() for part in text.split(",")))
    unknown = [kind for kind in kinds if kind not in FORMATS]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(f"{', '.join(map(repr, unknown or [text]))}: choose from {', '.join(FORMATS)}"
                                         " (several with commas, e.g. png,pptx)")
    return kinds


def _progress_bar(stream, label: str = "", width: int = 30):
    """A one-line bar redrawn after each chart (plain lines when stderr is not a terminal)."""

    def show(done: int, total: int) -> None:
        filled = width * done // max(total, 1)
        line = f"{label + ': ' if label else ''}[{'#' * filled}{'.' * (width - filled)}] {done}/{total} charts"
        if stream.isatty():
            stream.write("\r" + line + ("\n" if done == total else ""))
        else:
            stream.write(line + "\n")
        stream.flush()

    return show


def _build(args: argparse.Namespace) -> int:
    """The whole dashboard as static files in a folder, one line of progress a step."""
    from .publish.site import BuildError, build
    from .settings import public_url

    try:
        build(args.data_dir, args.out, drawings=not args.no_drawings, renders=not args.no_renders,
              say=lambda line: print(line, flush=True), public=public_url())
    except (BuildError, SetupError) as exc:
        print(f"dashboard build: {exc.report() if isinstance(exc, SetupError) else exc}", file=sys.stderr)
        return 2
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    return 0


def _ingest(args: argparse.Namespace) -> int:
    """An article into a draft folder: figures.csv, numbers.csv, review.html; a one-line summary."""
    from .ingest.draft import ingest, summary
    from .ingest.normalise import IngestError, read_article
    from .ingest.vocabulary import Vocabulary
    from .ingest.write import check_draft_folder, write_draft

    try:
        check_draft_folder(Path(args.out), Path(args.data_dir), force=args.force)
        raw = read_article(Path(args.article))
    except IngestError as exc:
        print(f"dashboard ingest: {exc}", file=sys.stderr)
        return 2
    vocab = Vocabulary.from_data(Path(args.data_dir))
    known = list(vocab.sources["id"]) if "id" in vocab.sources else []
    if args.period and not re.fullmatch(r"\d{4}", args.period):
        print(f"dashboard ingest: --period {args.period!r} is not a year (four digits)", file=sys.stderr)
        return 2
    if args.org and known and args.org not in known:
        print(f"dashboard ingest: --org {args.org!r} is not in sources.csv; expected one of {', '.join(known)}",
              file=sys.stderr)
        return 2
    draft = ingest(raw, vocab, period=args.period or "", org=args.org or "")
    out = Path(args.out)
    try:
        write_draft(draft, out, Path(args.article).name)
    except OSError as exc:
        print(f"dashboard ingest: {out}: cannot be written: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"{out}: {summary(draft)}")
    return 0


def _merge(args: argparse.Namespace) -> int:
    """A reviewed draft folder into data/figures.csv: all its rows or none, problems as file:line."""
    from .ingest.merge import NeedsConfirmation, merge

    try:
        result = merge(Path(args.draft), Path(args.data_dir), dry_run=args.dry_run, confirmed=args.yes)
    except SetupError as exc:  # the lock, the disk, the file's owner: one line
        print(f"dashboard merge: nothing merged: {exc.report()}", file=sys.stderr)
        return 1
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        print(f"dashboard merge: nothing merged; {args.data_dir} is unchanged", file=sys.stderr)
        return 1
    except NeedsConfirmation as exc:
        print(f"dashboard merge: nothing merged: {exc}; run again with --yes to merge", file=sys.stderr)
        return 1
    except OSError as exc:  # the lock file or a folder cannot be used: one line, not a traceback
        print(f"dashboard merge: nothing merged: {exc.filename or args.data_dir}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    verb = "would add" if args.dry_run else "added"
    kept = f"; {len(result.already_published)} already published, skipped" if result.already_published else ""
    print(f"{result.target}: {verb} {len(result.added)} rows{kept}")
    if result.default_change:
        print(f"{result.target}: {result.default_change}")
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
    export = sub.add_parser("export", help="export a view's charts offline: PNGs, a ZIP or a PPTX briefing")
    export.add_argument("--view", default="", help="the dashboard's query string, e.g. 'tab=jobs' (default: overview)")
    export.add_argument("--format", type=_formats, default=None, metavar="|".join(FORMATS),
                        help="what to write; several with commas, e.g. png,pptx (one Chromium start for all)")
    export.add_argument("--handout", action="store_true", help="also write the view's PDF handout (same as adding pdf)")
    export.add_argument("--out", required=True, help="folder to write into (created if missing)")
    export.add_argument("--lang", choices=LANGUAGES, help="language of the charts and slides (default: the view's, else zh)")
    export.add_argument("--base-url", default="http://127.0.0.1:8050", help="dashboard address the slides link back to")
    site = sub.add_parser("build", help="write the whole dashboard as static files (any web server, a sub-path, file://)")
    site.add_argument("--out", required=True, help="folder to write: new, empty, or a site this command built")
    site.add_argument("--no-drawings", action="store_true", help="charts as their text stand-ins (no Chromium)")
    site.add_argument("--no-renders", action="store_true", help="leave out the chart PNGs, decks and handouts")
    ingest = sub.add_parser("ingest", help="draft figures from an annual-review article (plain text, UTF-8)")
    ingest.add_argument("article", help="the article as a UTF-8 text file")
    ingest.add_argument("--out", required=True, help="draft folder to write (created if missing)")
    ingest.add_argument("--period", help="the year the article reports on (default: the year it names most)")
    ingest.add_argument("--org", help="id of the publishing organisation in sources.csv (default: from the article)")
    ingest.add_argument("--force", action="store_true",
                        help="replace a draft in --out that was edited since ingest wrote it (never published data)")
    merge = sub.add_parser("merge", help="add a reviewed draft's rows to the data (all or none, after validation)")
    merge.add_argument("draft", help="draft folder holding figures.csv (as `dashboard ingest` writes it)")
    merge.add_argument("--dry-run", action="store_true", help="validate and report, change nothing")
    merge.add_argument("--yes", action="store_true",
                       help="merge even though the default view changes (a new latest period becomes the default)")
    args = parser.parse_args(argv)
    if args.command == "merge":
        return _merge(args)
    if args.command == "ingest":
        return _ingest(args)
    if args.command == "validate":
        return _validate(args)
    if args.command == "export":
        return _export(args)
    if args.command == "build":
        return _build(args)
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "serve"])
    return _serve(args)


if __name__ == "__main__":
    sys.exit(main())
