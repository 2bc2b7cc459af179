"""Ready-to-paste references to the source articles, from data/sources.csv (pure: no Dash here).

Chinese follows GB/T 7714-2015 for a newspaper article (主要责任者. 题名[N]. 出版年.); English gives
the same parts in the order an English reference list uses, with the Chinese title in brackets.
The article's text carries no publication date; it reports events of January 2024, so the year in
sources.csv is an estimate and is bracketed, as GB/T 7714 (8.3) asks of an estimated year. A source's
url and date columns are filled only from what the article itself gives; when set, the reference carries
them (an online article is [N/OL] with its address), and when empty it leaves them out.
"""

from __future__ import annotations

from collections.abc import Mapping

ESTIMATED_YEAR = True  # no date is printed in the extracted article


def _year(source: Mapping) -> str:
    """The publication date when sources.csv has it (YYYY-MM-DD), else the (estimated) year."""
    if _field(source, "date"):
        return _field(source, "date")
    return f"[{source['year']}]" if ESTIMATED_YEAR else str(source["year"])


def _field(source: Mapping, name: str) -> str:
    """An optional column's text ('' when the column is absent or empty)."""
    value = source.get(name, "") if hasattr(source, "get") else ""
    return "" if value is None or value != value else str(value).strip()  # value != value: NaN


def reference(source: Mapping, lang: str = "zh") -> str:
    """One source (a row of sources.csv) as a reference:
    zh: 成都市科学技术协会. 强科普之翼 乘科幻之风 筑科创之基[N]. [2024].
    en: Chengdu Association for Science and Technology. [2024]. Science popularisation, ... (强科普之翼 ...). Newspaper article, in Chinese."""
    url = _field(source, "url")
    if lang == "zh":
        kind = "N/OL" if url else "N"
        return f"{source['name_zh']}. {source['title_zh']}[{kind}]. {_year(source)}." + (f" {url}." if url else "")
    return (f"{source['name_en']}. {_year(source)}. {source['title_en']} ({source['title_zh']}). "
            "Newspaper article, in Chinese." + (f" {url}" if url else ""))


def title_line(source: Mapping, lang: str = "zh") -> str:
    """The article named for a reader: 成都市人社局《兜牢民生底线 擦亮幸福底色……》; English: org, "title"."""
    if lang == "zh":
        return f"{source['short_zh']}《{source['title_zh']}》"
    return f"{source['short_en']}, \u201c{source['title_en']}\u201d"


def references(sources, source_ids, lang: str = "zh") -> list[str]:
    """References of the given source ids (in their order, once each); sources is the indexed frame."""
    return [reference(sources.loc[s], lang) for s in dict.fromkeys(source_ids)]


def print_footer(sources, source_ids, lang: str = "zh") -> str:
    """The printed page's footer text: the view's references, one after another."""
    return " ".join(references(sources, source_ids, lang))


def print_footer_css(footer: str, lang: str = "zh") -> str:
    """@page rules that print the footer and the page number (第 N 页, Page N) at every page's foot."""
    text = footer.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    number = '"第 " counter(page) " 页"' if lang == "zh" else '"Page " counter(page)'
    return ("@page { @bottom-left { content: \"" + text + "\"; font-size: 8pt; color: #4b5563; vertical-align: top; } "
            "@bottom-right { content: " + number + "; font-size: 9pt; color: #4b5563; vertical-align: top; } }")
