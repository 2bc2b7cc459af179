"""The briefing deck as a file a bureau can show unedited: titles in title placeholders, speaker notes
with the verbatim quotes, alt text, fonts, type no smaller than 18 pt, and a LibreOffice rendering in
which no text leaves its slide or runs into other text."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from itertools import combinations
from xml.etree import ElementTree

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Pt

from conftest import DATA, require
from dashboard.figures.charts import build_chart
from dashboard.exports.deck_plan import deck_plan
from dashboard.exports.pack import export_view
from dashboard.exports.pptx_text import FONT, RUN_LANG
from dashboard.figures.layout import SLIDE_HEIGHT, SLIDE_WIDTH
from dashboard.data.dataset import load
from dashboard.view.url import parse_view
from dashboard.view.selection import shown_figure_ids as view_figure_ids
from dashboard.view.wording import chart_summary
from test_label_breaks import bad_breaks

DATA_SET = load(DATA)
# The promise (docs/features.md), written here rather than read from dashboard/exports/pptx_text.py: no projected text
# under 18 pt; the appendix is a 12 pt handout.
PROJECTED_PT = 18
HANDOUT_PT = 12
VIEWS = {"labor_relations": ("tab=labor_relations", "zh"), "overview_en": ("tab=overview&lang=en", "en")}


@pytest.fixture(scope="module", params=list(VIEWS))
def deck(request, render):
    """(query, lang, plan, pptx bytes) of a view's deck, built as the export route builds it."""
    query, lang = VIEWS[request.param]
    view = parse_view(query, DATA_SET)
    (body,) = export_view(DATA_SET, view, "pptx", lang=lang).values()
    return query, lang, deck_plan(DATA_SET, view, lang), body


def runs(shape):
    if shape.has_text_frame:
        yield from (r for p in shape.text_frame.paragraphs for r in p.runs)
    if getattr(shape, "has_table", False) and shape.has_table:
        for cell in (c for row in shape.table.rows for c in row.cells):
            yield from (r for p in cell.text_frame.paragraphs for r in p.runs)


def test_every_slide_is_titled_in_its_title_placeholder(deck):
    _, _, plan, body = deck
    slides = list(Presentation(io.BytesIO(body)).slides)
    assert len(slides) == len(plan)
    for slide, item in zip(slides, plan):
        title = slide.shapes.title
        assert title is not None and title.is_placeholder
        assert title.text_frame.text == item.title
    kinds = [item.kind for item in plan]
    assert kinds[:2] == ["cover", "headline"] and "chart" in kinds and kinds[-1] == "references"


def test_the_cover_speaks_briefing_not_software(deck):
    query, lang, plan, body = deck
    cover = list(Presentation(io.BytesIO(body)).slides)[0]
    text = "\n".join(s.text_frame.text for s in cover.shapes if s.has_text_frame)
    text = text.replace("\v", " " if lang == "en" else "")  # lines broken between words
    assert "2023" in text
    figures = view_figure_ids(DATA_SET, parse_view(query, DATA_SET))
    for org in set(DATA_SET.figures.loc[figures, "source_org"]):
        assert DATA_SET.sources.at[org, f"name_{lang}"] in text
    assert not re.search(r"视图：|张图表|项数据|View: |\d+ charts", text)


def test_chart_pictures_fill_the_slide_without_title_and_carry_alt_text(deck):
    _, lang, plan, body = deck
    presentation = Presentation(io.BytesIO(body))
    for slide, item in zip(presentation.slides, plan):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        if item.kind != "chart":
            assert pictures == []
            continue
        (picture,) = pictures
        assert picture.width >= presentation.slide_width * 0.9
        image = Image.open(io.BytesIO(picture.image.blob))
        assert image.size == (2 * SLIDE_WIDTH, 2 * SLIDE_HEIGHT)
        descr = picture._element.nvPicPr.cNvPr.get("descr")  # noqa: SLF001
        assert descr == chart_summary(DATA_SET, item.chart_id, lang, list(item.figure_ids))
        assert not descr.lower().endswith(".png")
        # The picture is drawn without its title or source line: the slide carries them once.
        figure = build_chart(DATA_SET, item.chart_id, lang, item.subset, slide=True)
        assert figure.layout.title.text is None
        assert not [a for a in figure.layout.annotations if a.name == "source"]
        texts = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert texts.count(item.title) == 1  # in the title placeholder only
        assert sum(line.startswith(("来源：", "Source:")) for line in texts.splitlines()) == 1


def test_speaker_notes_quote_every_figure_verbatim(deck):
    _, _, plan, body = deck
    for slide, item in zip(Presentation(io.BytesIO(body)).slides, plan):
        assert slide.has_notes_slide
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.strip()
        if item.kind == "appendix":  # the table itself quotes; its notes give the references
            table = "\n".join(c.text.replace("\v", "") for s in slide.shapes if s.has_table
                              for r in s.table.rows for c in r.cells)
            assert all(DATA_SET.figure(f)["source_quote"] in table for f in item.figure_ids)
            assert "[N]" in notes or "Newspaper article" in notes
            continue
        for fid in item.figure_ids:
            assert DATA_SET.figure(fid)["source_quote"] in notes, (item.title, fid)
        quotes = {DATA_SET.figure(f)["source_quote"] for f in item.figure_ids}
        for paragraph in slide.notes_slide.notes_text_frame.paragraphs:
            for run in paragraph.runs:
                if run.text in quotes:  # the verbatim Chinese sentence is tagged Chinese in either deck
                    assert run._r.find(qn("a:rPr")).get("lang") == "zh-CN"  # noqa: SLF001


def test_no_projected_text_under_18_pt_and_every_run_in_yahei_with_its_language(deck):
    _, lang, plan, body = deck
    for slide, item in zip(Presentation(io.BytesIO(body)).slides, plan):
        least = HANDOUT_PT if item.kind == "appendix" else PROJECTED_PT
        for shape in slide.shapes:
            for run in runs(shape):
                assert run.font.size is not None and run.font.size >= Pt(least), (item.title, run.text, run.font.size)
                assert run.font.name == FONT
                rpr = run._r.find(qn("a:rPr"))  # noqa: SLF001
                assert rpr.find(qn("a:ea")).get("typeface") == FONT
                assert rpr.get("lang") in RUN_LANG.values()
                if re.search(r"[\u4e00-\u9fff]", run.text) and not re.search(r"[A-Za-z]{4}", run.text):
                    assert rpr.get("lang") == "zh-CN", run.text
                elif lang == "en" and not re.search(r"[\u4e00-\u9fff]", run.text):
                    assert rpr.get("lang") == "en-GB", run.text


@pytest.mark.parametrize("query, lang", [("tab=jobs", "zh"), ("tab=overview&lang=en", "en"), ("tab=talent", "zh")])
def test_every_text_slide_is_at_least_18_pt_without_drawing_a_picture(query, lang):
    """The same floor as above, in the fast tier: the deck's text slides built without chart pictures (no
    kaleido); every run of every slide at least 18 pt, the appendix (a handout) at least 12 pt."""
    from dashboard.exports.deck import briefing_pptx

    view = parse_view(query, DATA_SET)
    plan = [item for item in deck_plan(DATA_SET, view, lang) if item.kind != "chart"]
    deck = Presentation(io.BytesIO(briefing_pptx(DATA_SET, view, plan, {}, lang=lang, link="http://127.0.0.1/")))
    small = []
    for slide, item in zip(deck.slides, plan):
        least = HANDOUT_PT if item.kind == "appendix" else PROJECTED_PT
        small += [(item.title, run.text, run.font.size and run.font.size.pt) for shape in slide.shapes for run in runs(shape)
                  if run.font.size is None or run.font.size < Pt(least)]
    assert len(deck.slides) == len(plan) > 2 and small == []


def test_chart_pictures_are_drawn_at_least_18_pt_on_the_slide():
    """A picture 12.3 in wide at SLIDE_WIDTH px: every text of every slide figure at least 25 px."""
    for chart_id in DATA_SET.charts.index:
        figure = build_chart(DATA_SET, chart_id, "en", slide=True).to_dict()
        sizes = [v for k, v in _font_sizes(figure)]
        # a px of the SLIDE_WIDTH-px drawing is 12.3 in * 72 pt / SLIDE_WIDTH on the slide
        assert sizes and min(sizes) * 12.3 * 72 / SLIDE_WIDTH >= PROJECTED_PT, (chart_id, min(sizes))


def _font_sizes(node, key=""):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "size" and key.endswith("font") and isinstance(v, int | float):
                yield key, v
            elif k != "template":
                yield from _font_sizes(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from _font_sizes(item, key)


def test_theme_declares_yahei_for_latin_east_asian_and_simplified_chinese(deck):
    _, _, _, body = deck
    presentation = Presentation(io.BytesIO(body))
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = ElementTree.fromstring(presentation.slide_master.part.part_related_by(RT.THEME).blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for fonts in theme.findall(".//a:fontScheme/*", ns):
        assert fonts.find("a:latin", ns).get("typeface") == FONT
        assert fonts.find("a:ea", ns).get("typeface") == FONT
        hans = [f for f in fonts.findall("a:font", ns) if f.get("script") == "Hans"]
        assert hans and hans[0].get("typeface") == FONT


def test_tiles_never_repeat_the_headline_slide_and_a_lone_figure_is_a_big_number():
    view = parse_view("tab=labor_relations", DATA_SET)
    plan = deck_plan(DATA_SET, view, "zh")
    (headline,) = [s for s in plan if s.kind == "headline"]
    tiles = [s for s in plan if s.chart_id and DATA_SET.charts.at[s.chart_id, "kind"] == "indicators"]
    assert all(not set(s.figure_ids) & set(headline.figure_ids) for s in tiles)
    (number,) = [s for s in plan if s.kind == "number"]
    assert number.figure_ids == ("lr_fast_track_courts",)  # 根治欠薪 less its headline 10.73亿元
    from dashboard.exports.deck_plan import results

    assert all(len(results(DATA_SET, s.figure_ids, "zh")) <= 6 for s in tiles)  # a table of six rows at most


# --- A deck that needs no editing: messages as titles, results as tables, references, English ----------


@pytest.fixture(scope="module")
def talent_decks(render):
    """{lang: (plan, Presentation)} of the talent tab's deck."""
    out = {}
    for lang in ("zh", "en"):
        view = parse_view("tab=talent" + ("&lang=en" if lang == "en" else ""), DATA_SET)
        (body,) = export_view(DATA_SET, view, "pptx", lang=lang).values()
        out[lang] = deck_plan(DATA_SET, view, lang), Presentation(io.BytesIO(body))
    return out


def slide_texts(slide) -> list[str]:
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            texts += [cell.text_frame.text for row in shape.table.rows for cell in row.cells]
    return texts


def test_a_chart_slide_is_titled_with_its_message_from_the_data_and_the_topic_as_kicker():
    plan = deck_plan(DATA_SET, parse_view("tab=jobs", DATA_SET), "zh")
    (outcomes,) = [s for s in plan if s.chart_id == "jobs_outcomes"]
    assert outcomes.title == "城镇新增就业26.44万人" and outcomes.kicker == "就业成果"
    plan_en = deck_plan(DATA_SET, parse_view("tab=jobs&lang=en", DATA_SET), "en")
    (outcomes_en,) = [s for s in plan_en if s.chart_id == "jobs_outcomes"]
    assert outcomes_en.title == "New urban jobs: 264,400 people" and outcomes_en.kicker == "Employment outcomes"


def test_the_kicker_is_drawn_above_the_message_title(talent_decks):
    plan, deck = talent_decks["zh"]
    index = next(i for i, s in enumerate(plan) if s.chart_id == "talent_pool")
    slide = deck.slides[index]
    assert slide.shapes.title.text_frame.text == "专业技术、技能人才总量529万人"
    (kicker,) = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text == "人才总量"]
    assert kicker.top + kicker.height <= slide.shapes.title.top + Pt(4)


def test_tiles_are_one_table_or_card_per_topic_and_2_gold_2_bronze_50_excellence_is_one_result(talent_decks):
    for lang, (plan, deck) in talent_decks.items():
        competition = [s for s in plan if s.chart_id == "talent_competition"]
        assert len(competition) == 1 and competition[0].kind == "tiles"
        assert set(competition[0].figure_ids) == {"talent_gold", "talent_bronze", "talent_excellence"}
        texts = slide_texts(deck.slides[plan.index(competition[0])])
        wanted = "2金2铜50优胜" if lang == "zh" else "2 gold medals, 2 bronze medals, 50 excellence awards"
        assert any(text.replace("\n", " ").replace("\v", " ") == wanted for text in texts), texts
        # a slide of several results is one table: no slide of tiles is a picture of boxes
        for item in (s for s in plan if s.kind == "tiles"):
            shapes = deck.slides[plan.index(item)].shapes
            assert not [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    (high_level,) = [s for s in talent_decks["zh"][0] if s.chart_id == "talent_high_level"]
    (table,) = [s for s in talent_decks["zh"][1].slides[talent_decks["zh"][0].index(high_level)].shapes
                if s.has_table]
    assert [r.cells[2].text_frame.text for r in table.table.rows] == ["304个", "近600家", "3613个"]


def test_no_slide_speaks_software(talent_decks):
    for _plan, deck in talent_decks.values():
        for slide in deck.slides:
            for text in slide_texts(slide):
                assert "各项单位见数值" not in text and "each figure in its own" not in text, text


def test_the_english_appendix_gives_the_english_rendering_beside_the_chinese_quote(talent_decks):
    plan, deck = talent_decks["en"]
    row = DATA_SET.figure("talent_gold")
    found = False
    for item, slide in zip(plan, deck.slides):
        if item.kind != "appendix":
            continue
        (table,) = [s.table for s in slide.shapes if s.has_table]
        header = [c.text_frame.text for c in table.rows[0].cells]
        assert header[2:4] == ["Source text", "In English"]
        for r in list(table.rows)[1:]:
            cells = [c.text_frame.text.replace("\v", "").replace("\n", "") for c in r.cells]
            if cells[2] == row["source_quote"].replace(" ", "") or row["source_quote"] in cells[2]:
                found = found or cells[3].replace(" ", "") == row["quote_en"].replace(" ", "")
    assert found


def test_the_reference_slide_carries_the_url_and_date_where_sources_csv_has_them():
    import dataclasses

    from dashboard.exports.deck import briefing_pptx
    from dashboard.exports.deck_plan import SlidePlan

    sources = DATA_SET.sources.copy()
    sources.loc["chengdu_hrss", ["url", "date"]] = ["https://example.org/hrss.html", "2024-01-18"]
    data = dataclasses.replace(DATA_SET, sources=sources)
    view = parse_view("tab=talent", data)
    body = briefing_pptx(data, view, [SlidePlan("references", "资料来源")], {}, lang="zh", link="http://x/")
    (slide,) = Presentation(io.BytesIO(body)).slides
    text = " ".join(t.replace("\v", "").replace("\n", "") for t in slide_texts(slide))
    assert "[N/OL]. 2024-01-18. https://example.org/hrss.html." in text


# --- LibreOffice: the deck rendered as a viewer would see it --------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def rendered_problems(body: bytes, titles: list[str], tmp_path) -> list[str]:
    """Render a deck with LibreOffice: every text line that leaves its slide or runs into another line,
    every line that ends inside a word or a number, and every page that draws nothing."""
    source = tmp_path / "deck.pptx"
    source.write_bytes(body)
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "deck.pdf"
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                            text=True).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", layout))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = root.findall(".//h:page", ns)
    problems = [] if len(pages) == len(titles) else [f"{len(pages)} pages for {len(titles)} slides"]
    for page, title in zip(pages, titles):
        width, height = float(page.get("width")), float(page.get("height"))
        lines = []
        for line in page.iterfind(".//h:line", ns):
            box = [float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            text = _line_text(line, ns)
            if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height:
                problems.append(f"{title}: {text!r} leaves the slide")
            lines.append((box, text))
        for block in page.iterfind(".//h:block", ns):
            texts = [_line_text(line, ns) for line in block.iterfind("h:line", ns)]
            if len(texts) > 1:
                problems += [f"{title}: {p}" for p in bad_breaks("<br>".join(texts))]
        for (a, ta), (b, tb) in combinations(lines, 2):
            overlap_x = min(a[2], b[2]) - max(a[0], b[0])
            overlap_y = min(a[3], b[3]) - max(a[1], b[1])
            slack = 0.3 * min(a[3] - a[1], b[3] - b[1])  # a line box includes its leading
            if overlap_x > 2 and overlap_y > slack:
                problems.append(f"{title}: {ta!r} runs into {tb!r}")
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "slide")], check=True, timeout=120)
    for path in sorted(tmp_path.glob("slide-*.png")):
        if Image.open(path).convert("L").getextrema()[0] > 100:
            problems.append(f"{path.name} is blank")
    return problems


def _line_text(line, ns) -> str:
    """A rendered line's text: Chinese words joined as printed, Latin words with their spaces."""
    words = [w.text or "" for w in line.iterfind("h:word", ns)]
    out = ""
    for word in words:
        latin = out and re.match(r"[A-Za-z0-9(\"“]", word[:1]) and re.search(r"[A-Za-z0-9,.;:)\"”]$", out)
        out += (" " if latin else "") + word
    return out


@pytest.fixture
def libreoffice(render):
    """LibreOffice and poppler's tools, or the test is skipped (fails under CI=true)."""
    require(SOFFICE and shutil.which("pdftotext"), "needs Debian's libreoffice-impress and poppler-utils")


def test_libreoffice_renders_every_slide_with_no_text_outside_it_or_over_other_text(libreoffice, deck, tmp_path):
    _, _, plan, body = deck
    assert rendered_problems(body, [item.title for item in plan], tmp_path) == []


def test_the_render_check_catches_text_off_the_slide_and_text_over_text(libreoffice, tmp_path):
    from pptx.util import Inches

    from dashboard.exports.pptx_text import text_box

    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    text_box(slide, 1, 1, 6, 1, "生成日期：2026年11月30日", size=24)
    text_box(slide, 1, 1.1, 6, 1, "在看板中查看：链接", size=24)  # on top of the line above
    text_box(slide, 8, 6.9, 6, 1, "此行超出幻灯片右下角很远很远很远很远", size=28, )  # runs off the 10 x 7.5 in slide
    narrow = slide.shapes.add_textbox(Inches(1), Inches(3), Inches(1.6), Inches(3))  # left to LibreOffice to wrap
    narrow.text_frame.word_wrap = True
    narrow.text_frame.text = "受理劳动人事争议仲裁案件，联处中心前端化解劳动纠纷案件"
    out = io.BytesIO()
    presentation.save(out)
    problems = rendered_problems(out.getvalue(), ["test"], tmp_path)
    assert any("runs into" in p for p in problems), problems
    assert any("leaves the slide" in p for p in problems), problems
    assert any("inside a word" in p for p in problems), problems
