"""review.html: the ingested article with every number marked, each linked to its draft row."""

from __future__ import annotations

from html import escape

STYLE = """
body{font:16px/1.9 "Noto Sans CJK SC","Noto Sans SC",sans-serif;max-width:70em;margin:1em auto;padding:0 1em;color:#1a1a1a}
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:2em}
pre{white-space:pre-wrap;font:inherit}
mark{padding:0 .1em;border-radius:.2em}
mark.figure{background:#cde8d5;outline:2px solid #1b7a3a}
mark.repeat{background:#dfe9f7;outline:1px dashed #285ea8}
mark.left_out{background:#eee;color:#444;text-decoration:line-through 1px}
mark.unsure{background:#ffe08a;outline:2px solid #8a5a00}
mark[data-note]::after{content:" " attr(data-note);font-size:.7em;color:#444;vertical-align:super}
.cols>div{overflow-x:auto}
table{border-collapse:collapse;font-size:14px;width:100%}td:last-child{min-width:16em}td,th{border:1px solid #ccc;padding:.2em .4em;vertical-align:top}
tr:target{background:#fff3bf}.legend mark{margin-right:1em}
"""


def review_html(draft, article_name: str) -> str:
    """A self-contained page (no scripts, no external files): the article beside its draft rows."""
    marks = []
    for i, num in enumerate(draft.numbers, 1):
        start, end = draft.origin[num.start], draft.origin[num.end - 1] + 1
        fid = draft.rows[num.figure]["id"] if num.figure is not None else ""
        title = {"figure": f"figure {fid}", "repeat": f"repeat of {fid}"}.get(num.status, f"{num.status}: {num.reason}")
        marks.append((start, end, i, num.status, fid, title))
    out, pos = [], 0
    for start, end, i, status, fid, title in marks:
        if start < pos:
            continue
        body = escape(draft.raw[start:end])
        inner = f'<a href="#row-{escape(fid)}">{body}</a>' if fid else body
        out.append(escape(draft.raw[pos:start]))
        # The reason or row id is printed beside the number (CSS, no script), and in full on hover.
        note = fid if status in ("figure", "repeat") else title.split(": ", 1)[-1]
        out.append(f'<mark id="n{i}" class="{status}" title="{escape(title)}" data-note="{escape(note)}">{inner}</mark>')
        pos = end
    out.append(escape(draft.raw[pos:]))
    rows = []
    for row in draft.rows:
        cells = "".join(f"<td>{escape(str(row[c]))}</td>" for c in ("id", "area", "topic", "label_zh", "value", "unit",
                                                                   "qualifier_word", "measure", "source_quote"))
        rows.append(f'<tr id="row-{escape(row["id"])}">{cells}</tr>')
    head = "".join(f"<th>{c}</th>" for c in ("id", "area", "topic", "label_zh", "value", "unit", "qualifier",
                                             "measure", "source_quote"))
    counts = {s: sum(n.status == s for n in draft.numbers) for s in ("figure", "repeat", "left_out", "unsure")}
    legend = " ".join(f'<mark class="{s}">{s.replace("_", " ")} ({n})</mark>' for s, n in counts.items())
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Review: {escape(article_name)}</title>
<style>{STYLE}</style></head><body>
<h1>Review: {escape(article_name)}</h1>
<p class="legend">{legend}</p>
<p>Every number of the article is marked: taken as a figure (linked to its draft row), a repeat of one,
left out (hover for the reason) or unsure. Read it beside figures.csv and numbers.csv.</p>
<div class="cols"><pre lang="zh-CN">{"".join(out)}</pre>
<div><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div></div>
</body></html>
"""
