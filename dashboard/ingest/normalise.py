"""Stage 1: the article read (IngestError for a file that is not one) and normalised, with a map back to its lines.

Simplified script, half-width digits, the print layout's spaces and line breaks removed; each character of the
result keeps its offset in the file, so every number is reported at its line and column.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

MAX_ARTICLE_BYTES = 2_000_000  # a year's review is ~20 kB; more is not an article of the genre


class IngestError(Exception):
    """The article cannot be read: a one-line message, no traceback."""


def read_article(path: Path) -> str:
    """The article's text; IngestError for a missing, unreadable, empty, too large or non-UTF-8 file."""
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_ARTICLE_BYTES + 1)  # never more: the file may be huge, or endless
    except OSError as exc:
        raise IngestError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_ARTICLE_BYTES:
        raise IngestError(f"{path}: is over {MAX_ARTICLE_BYTES / 1e6:g} MB; an annual review is far smaller "
                          "(ingest one article at a time, as plain text)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise IngestError(f"{path}:{line}: is not UTF-8 (byte {exc.start + 1} cannot be decoded)") from None
    if not text.strip():
        raise IngestError(f"{path}: the file is empty")
    return text


_converter = None


def to_simplified(text: str) -> str:
    """Traditional to simplified script (OpenCC), character for character so positions still match."""
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    converted = _converter.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_converter.convert(c) if len(_converter.convert(c)) == 1 else c for c in text)


def _half_width(c: str) -> str:
    # Digits, Latin letters, the decimal point and % come in full width from some layouts; Chinese
    # punctuation (，（） and so on) stays as printed, since quotes keep it.
    if "０" <= c <= "９" or "Ａ" <= c <= "Ｚ" or "ａ" <= c <= "ｚ" or c in "．％＋－":
        return chr(ord(c) - 0xFEE0)
    return c


def _width(line: str) -> float:
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in line.rstrip())


def _hard_breaks(lines: list[str]) -> set[int]:
    """Indices of lines after which a line break ends a clause (a headline, a caption, a paragraph's end).

    Justified print lines fill the column, so a line much shorter than its neighbours ends something,
    unless it runs on; a line ending in 。！？； always ends something.
    """
    widths = [_width(line) for line in lines]
    full = [w for w in widths if w > 0]
    hard = set()
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if text[-1] in "。！？；":
            hard.add(i)
            continue
        near = [w for w in widths[max(0, i - 6): i + 7] if w > 0] or full
        before = [w for w in widths[max(0, i - 6): i] if w > 0] or near
        # Before a blank line, compare with the widest line above it: a headline over a wide paragraph
        # is shorter than that, a column cut mid-sentence is as wide as its own column.
        blank_next = i + 1 < len(lines) and not lines[i + 1].strip()
        typical = max(before) if blank_next else statistics.median(near)
        if widths[i] < 0.8 * typical:
            hard.add(i)
    return hard


def normalise(raw: str) -> tuple[str, list[int]]:
    """The article as one string for reading figures, and for each of its characters the offset in raw."""
    simplified = to_simplified(raw)
    lines = simplified.split("\n")
    hard = _hard_breaks(lines)
    out: list[str] = []
    origin: list[int] = []
    offset = 0
    pending_break = False
    for i, line in enumerate(lines):
        following = _next_non_space(line)
        for j, c in enumerate(line):
            c = _half_width(c)
            if c.isspace() or c == "\u3000":
                # Letter-spacing is dropped, but two runs of digits or Latin letters stay apart.
                nxt = following[j]
                if out and out[-1].isascii() and out[-1].isalnum() and nxt.isascii() and nxt.isalnum():
                    out.append(" ")
                    origin.append(offset + j)
                continue
            # A digit-group comma (8,650) goes like a layout space: the value is one number.
            if c == "," and out and out[-1].isdigit() and re.match(r",\d{3}(?!\d)", line[j:j + 5]):
                continue
            if pending_break:
                out.append("\n")
                origin.append(offset + j)
                pending_break = False
            out.append(c)
            origin.append(offset + j)
        if i in hard:
            pending_break = True
        offset += len(line) + 1
    return "".join(out), origin


def _next_non_space(line: str) -> list[str]:
    """For each position of a line, the first character after it that is not a space (half-width), or ''."""
    out, nxt = [""] * len(line), ""
    for j in range(len(line) - 1, -1, -1):
        out[j] = nxt
        if not line[j].isspace():
            nxt = _half_width(line[j])
    return out
