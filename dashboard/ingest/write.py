"""Stage 7: the draft folder written (figures.csv, numbers.csv, review.html), never over published data or a reviewed draft."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from .. import DEFAULT_DATA_DIR
from ..data.schema import REFERENCE_SCHEMAS
from .draft import Draft
from .normalise import IngestError

NUMBER_COLUMNS = ["n", "line", "column", "text", "status", "figure_id", "reason"]


def numbers_frame(draft: Draft) -> pd.DataFrame:
    rows = []
    for i, num in enumerate(draft.numbers, 1):
        line, column = draft.where(num.start)
        fid = draft.rows[num.figure]["id"] if num.figure is not None else ""
        printed = draft.raw[draft.origin[num.start]:draft.origin[num.end - 1] + 1]  # as the article prints it
        rows.append({"n": i, "line": line, "column": column, "text": printed, "status": num.status,
                     "figure_id": fid, "reason": num.reason})
    return pd.DataFrame(rows, columns=NUMBER_COLUMNS)


DRAFT_MARK = ".ingest-draft"  # the checksum of figures.csv as ingest wrote it: an edit since then shows


def check_draft_folder(out: Path, data_dir: Path, force: bool = False) -> None:
    """IngestError unless out may take a draft: never a folder with published data (even with force), and
    not a draft someone has edited since ingest wrote it (unless force)."""
    where = out.resolve()
    if where in (Path(data_dir).resolve(), DEFAULT_DATA_DIR.resolve()):
        raise IngestError(f"{out}: is the published data folder; ingest writes a draft folder (e.g. --out drafts/2024), "
                          "and `dashboard merge` adds the reviewed rows")
    published = [name for name in REFERENCE_SCHEMAS if (out / name).exists()]
    if published:
        raise IngestError(f"{out}: holds published data ({', '.join(published)}); ingest writes only to a draft folder")
    figures = out / "figures.csv"
    if figures.exists() and not force:
        mark = out / DRAFT_MARK
        written = mark.read_text(encoding="utf-8").strip() if mark.is_file() else ""
        if written != _checksum(figures):
            raise IngestError(f"{figures}: has been edited since ingest wrote it (or ingest did not write it); "
                              "the review would be lost: choose another --out, or add --force to replace it")


def _checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_draft(draft: Draft, out: Path, article_name: str) -> None:
    from .review import review_html

    out.mkdir(parents=True, exist_ok=True)
    draft.figures().to_csv(out / "figures.csv", index=False, encoding="utf-8")
    numbers_frame(draft).to_csv(out / "numbers.csv", index=False, encoding="utf-8")
    (out / "review.html").write_text(review_html(draft, article_name), encoding="utf-8")
    (out / DRAFT_MARK).write_text(_checksum(out / "figures.csv") + "\n", encoding="utf-8")
