"""PowerPoint text: our font, size, colour and language on every run, and lines broken only between words
(view.strings.wrap), measured here so a slide's layout knows the lines its text will take."""

from __future__ import annotations

import re
from html import unescape

from ..view.strings import CJK, wrap

# What a bureau's PowerPoint and WPS have: 微软雅黑 for Chinese and Latin alike. The theme declares it
# for the East Asian script too, so a machine without it falls back to its own CJK sans-serif.
FONT = "Microsoft YaHei"
RUN_LANG = {"zh": "zh-CN", "en": "en-GB"}
MIN_PT = 18  # no slide text smaller when projected; the appendix is a handout (TABLE_FONT)
TABLE_FONT = 12  # points: the appendix is read, not projected
INSET = 0.2  # inches: a text box's left and right insets together


def theme_fonts(deck) -> None:
    """The deck's theme fonts: 微软雅黑 for Latin and East Asian text, with Simplified Chinese (Hans)
    declared, so text without its own font (and WPS's fallback) finds a CJK face."""
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = deck.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for fonts in root.iterfind(".//a:fontScheme/*", ns):  # majorFont, minorFont
        for tag in ("latin", "ea"):
            node = fonts.find(f"a:{tag}", ns)
            node.set("typeface", FONT)
        for script in fonts.findall("a:font", ns):
            if script.get("script") == "Hans":
                script.set("typeface", FONT)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # noqa: SLF001


def set_font(run, size: float, bold: bool = False, color: str = "1F2937", lang: str = "zh") -> None:
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    run.font.color.rgb = RGBColor.from_string(color)
    rpr = run._r.get_or_add_rPr()  # noqa: SLF001 (python-pptx has no API for the East Asian typeface or lang)
    rpr.set("lang", RUN_LANG.get(lang, lang))
    rpr.set("altLang", RUN_LANG["en" if lang == "zh" else "zh"])
    for tag in ("a:ea", "a:cs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = rpr.makeelement(qn(tag), {})
            rpr.append(element)
        element.set("typeface", FONT)


def write_text(frame, text: str, *, size: float, bold: bool = False, color: str = "1F2937", lang: str = "zh",
               width: float | None = None) -> None:
    """Replace a text frame's text with one paragraph per line, each in our font, size, colour and language;
    with a width (inches), lines break only between words (view.strings.wrap), not where PowerPoint would."""
    frame.clear()
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        _fill(paragraph, line, size, bold, color, lang, width)


def text_lines(text: str, size: float, width: float | None) -> list[str]:
    """text in lines that fit width inches at size points, broken only between words (view.strings.wrap)."""
    if not width:
        return [text]
    # A CJK character is about the type size wide, a Latin letter on average about half of it; wrap
    # counts a CJK character as two units. A little is left for fonts wider than the one measured.
    per_unit = size / 2 if CJK.search(text) else size * 0.53
    return [unescape(line) for line in wrap(text, max(8, int(width * 72 / per_unit * 0.92))).split("<br>")]


def _fill(paragraph, text: str, size: float, bold: bool, color: str, lang: str, width: float | None) -> None:
    lines = text_lines(text, size, width)
    for i, line in enumerate(lines):
        if i:
            paragraph.add_line_break()
        run = paragraph.add_run()
        run.text = line
        # A line of a Chinese title inside English text is Chinese: tag it so (screen readers, spelling).
        chinese = CJK.search(line) and not re.search(r"[A-Za-z]{4}", line)
        set_font(run, size, bold, color, "zh" if chinese else lang)


def text_box(slide, x: float, y: float, w: float, h: float, text: str, *, size: float, bold: bool = False,
             color: str = "1F2937", lang: str = "zh"):
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    box.text_frame.word_wrap = True
    write_text(box.text_frame, text, size=size, bold=bold, color=color, lang=lang, width=w - INSET)
    return box


def add_paragraph(frame, text: str, *, size: float, bold: bool = False, color: str = "1F2937", lang: str = "zh",
                  space_before: float = 6, width: float | None = None) -> None:
    from pptx.util import Pt

    paragraph = frame.add_paragraph()
    paragraph.space_before = Pt(space_before)
    _fill(paragraph, text, size, bold, color, lang, width)


def link_box(slide, x: float, y: float, w: float, h: float, lead: str, url: str, lang: str) -> None:
    box = text_box(slide, x, y, w, h, lead, size=MIN_PT, color="4B5563", lang=lang)
    run = box.text_frame.paragraphs[0].add_run()
    run.text = url
    if url.startswith(("https://", "http://")):  # a relative address (no DASHBOARD_PUBLIC_URL) is text only
        run.hyperlink.address = url
    set_font(run, MIN_PT, color="0B5CAD", lang="en")


def fill_cell(cell, text: str, *, width: float, bold: bool = False, lang: str = "zh", size: float = TABLE_FONT,
              fill: str | None = None) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Inches

    # Fills of our own: the default table style puts dark text on its blue header (3.1:1).
    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor.from_string(fill or ("F3F4F6" if bold else "FFFFFF"))
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    frame = cell.text_frame
    frame.word_wrap = True
    if str(text):
        _fill(frame.paragraphs[0], str(text), size, bold, "1F2937", lang, width)
