"""Issue 28, findings 1 and 3: a figure's reading is worked out once (dashboard/view/reading.py), and every rendering
says it: the detail panel, the table, CSV, XLSX, the deck's appendix and speaker notes, presentation mode, in
Chinese and in English. A rank reads as a rank (never a bare count of the peer group, never 确切数字); a
qualifier (超, 余, 近, 上, 以上) stays with its number, in the 折合 conversion too."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation

from conftest import DATA
from dashboard.exports.deck import briefing_pptx
from dashboard.exports.deck_plan import deck_plan
from dashboard.firstpaint import detail, detail_html
from dashboard.data.dataset import load
from dashboard.presentation import present_slides
from dashboard.table import table_frame, to_csv, to_xlsx, view_table
from dashboard.view.selection import shown_figure_ids
from dashboard.view.state import View

DATA_SET = load(DATA)
AREAS = list(DATA_SET.areas.index)
LANGS = ("zh", "en")
# What the source says of its two ranked peer groups, in each language (written here, not taken from the code).
RANKS = {
    "sp_subprov_cities": {"zh": "15个中位列第一", "en": "1st of 15"},
    "ss_pilot_cities": {"zh": "36个中居前列", "en": "near the top of 36"},
}
GROUPS = {"sp_subprov_cities": 15, "ss_pilot_cities": 36}
# The qualified figures and how each must read, with the qualifier, in every rendering; and the 折合 line
# where the unit changes (none where it does not: 近600家 is 600 家 already).
QUALIFIED = {
    "ss_fund_balance": ("超2900亿元", "超290,000,000,000 元", "over CNY 290 billion"),
    "sp_participants_total": ("上千万人次", "超10,000,000 人次", "over 10,000,000 participants"),
    "sp_total_events": ("1.8万余场", "18,000余场", "more than 18,000 events"),
    "sp_worldcon_attendees": ("超2万名", "超20,000 名", "over 20,000 people"),
    "sp_contest_participants": ("近90万人次", "近900,000 人次", "nearly 900,000 entries"),
    "sp_books": ("近3万册", "近30,000 册", "nearly 30,000 copies"),
    "talent_recruiting_institutions": ("近600家", "", "nearly 600 organisations"),
    "sp_talks": ("20余场", "", "more than 20 events"),
    "lr_complaint_handling": ("96%以上", "", "at least 96%"),
}


def said(fid: str, lang: str) -> str:
    if fid in RANKS:
        return RANKS[fid][lang]
    return QUALIFIED[fid][0] if lang == "zh" else QUALIFIED[fid][2]


CHECKED = [*RANKS, *QUALIFIED]


def view_of(fid: str, lang: str, pick: bool = False) -> View:
    return View(tab=DATA_SET.figure(fid)["area"], lang=lang, indicator=fid if pick else None)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fid", CHECKED)
def test_the_detail_panel_says_the_reading(fid, lang):
    panel = detail(DATA_SET, view_of(fid, lang, pick=True))
    assert panel["value"] == said(fid, lang)
    facts = dict(panel["facts"])
    markup = unescape(str(detail_html(DATA_SET, view_of(fid, lang, pick=True))))
    assert said(fid, lang) in markup
    converted = facts.get("折合" if lang == "zh" else "In base units")
    if lang == "zh" and fid in QUALIFIED and QUALIFIED[fid][1]:
        assert converted == QUALIFIED[fid][1]  # the qualifier travels with the conversion
    else:
        assert converted is None  # nothing to convert: no line (600家 is 600 家; a rank is no amount)
    if fid in RANKS:
        assert "确切数字" not in facts.values() and "exact figure" not in facts.values()
        assert str(GROUPS[fid]) in facts.values()  # the peer group, said as what it is


@pytest.mark.parametrize("lang", LANGS)
def test_the_panels_other_figures_say_their_readings(lang):
    panel = detail(DATA_SET, view_of("sp_award_units", lang, pick=True))
    others = {label: value for label, value, _ in panel["others"]}
    assert others[DATA_SET.figure("sp_subprov_cities")[f"label_{lang}"]] == RANKS["sp_subprov_cities"][lang]


def table_rows(frame):
    return {row["id"]: row for row in frame.to_dict("records")}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("area", AREAS)
def test_the_table_csv_and_xlsx_say_the_reading(area, lang):
    view = View(tab=area, lang=lang)
    ids = shown_figure_ids(DATA_SET, view)
    frame = table_frame(DATA_SET, ids, lang)
    rows = table_rows(frame)
    with_header = list(csv.reader(io.StringIO(to_csv(frame, lang).decode("utf-8-sig"))))
    header, body = with_header[0], with_header[1:]
    csv_rows = {r[header.index("编号" if lang == "zh" else "ID")]: dict(zip(header, r)) for r in body}
    sheet = load_workbook(io.BytesIO(to_xlsx(frame, lang))).active
    cells = list(sheet.iter_rows(values_only=True))
    xlsx_rows = {r[cells[0].index("编号" if lang == "zh" else "ID")]: dict(zip(cells[0], r)) for r in cells[1:]}
    screen = unescape(str(view_table(DATA_SET, ids, lang).to_plotly_json()))
    published = "发布值" if lang == "zh" else "As published"
    in_base = "折合（含限定词）" if lang == "zh" else "In base units, as stated"
    group = "比较范围（个数）" if lang == "zh" else "Peer group (number)"
    value = "数值" if lang == "zh" else "Value"
    for fid in (f for f in CHECKED if f in rows):
        for row in (csv_rows[fid], xlsx_rows[fid]):
            assert row[published] == said(fid, lang), fid
        assert said(fid, lang) in screen
        if fid in RANKS:
            assert rows[fid]["qualifier"] not in ("确切数字", "exact figure")
            assert int(float(csv_rows[fid][group])) == GROUPS[fid] and xlsx_rows[fid][group] == GROUPS[fid]
            assert csv_rows[fid][value] in ("1", "")  # the place (1st), or none given (前列): never the group's 15
            assert xlsx_rows[fid][value] in (1, None)
        else:
            text = csv_rows[fid][in_base]
            assert xlsx_rows[fid][in_base] == text
            word = re.match(r"^(超|近|上|over|more than|nearly|at least)", said(fid, lang))
            assert word is None or text.startswith({"上": "超"}.get(word.group(1), word.group(1))) or \
                re.search(r"\d(余|以上)", text), (fid, text)
            if lang == "zh" and QUALIFIED[fid][1]:
                assert text == QUALIFIED[fid][1]
                assert QUALIFIED[fid][1] in screen  # the base-value cell shows it with its qualifier
    if area in ("science_popularization", "social_security"):
        assert group in screen  # the peer-group column shows where a rank is shown


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


def fake_pictures(plan):
    png = io.BytesIO()
    Image.new("RGB", (4, 2), "white").save(png, "PNG")
    return {i: (png.getvalue(), ["unit"]) for i, s in enumerate(plan) if s.kind == "chart"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("area", ["science_popularization", "social_security", "talent", "labor_relations"])
def test_the_decks_appendix_and_speaker_notes_say_the_reading(area, lang):
    view = View(tab=area, lang=lang)
    plan = deck_plan(DATA_SET, view, lang)
    deck = Presentation(io.BytesIO(briefing_pptx(DATA_SET, view, plan, fake_pictures(plan), lang=lang, link="http://x/")))
    appendix, notes = {}, []
    for slide, item in zip(deck.slides, plan):
        notes.append(slide.notes_slide.notes_text_frame.text)
        if item.kind != "appendix":
            continue
        (table,) = [s.table for s in slide.shapes if s.has_table]
        for fid, row in zip(item.figure_ids, list(table.rows)[1:]):
            appendix[fid] = squeeze(row.cells[1].text_frame.text)  # a cell's line breaks stand where spaces were
    notes_text = "\n".join(notes)
    checked = [f for f in CHECKED if f in appendix]
    assert checked
    for fid in checked:
        assert appendix[fid] == squeeze(said(fid, lang)), fid
        label = DATA_SET.figure(fid)[f"label_{lang}"]
        assert f"{label}{'：' if lang == 'zh' else ': '}{said(fid, lang)}" in notes_text, fid


def slide_values(slides) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for slide in slides:
        for note in slide.get("layout", {}).get("annotations", []):
            name = note.get("name") or ""
            if name.startswith("value:"):
                out.setdefault(name[6:], []).append(unescape(re.sub(r"<[^>]+>", "", note["text"])))
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("area", ["science_popularization", "social_security", "talent", "labor_relations"])
def test_presentation_mode_says_the_reading(area, lang):
    values = slide_values(present_slides(DATA_SET, View(tab=area, lang=lang), narrow=False))
    phone = slide_values(present_slides(DATA_SET, View(tab=area, lang=lang), narrow=True))
    checked = [f for f in CHECKED if f in values]
    assert checked
    for fid in checked:
        assert set(values[fid]) == {said(fid, lang)}, fid
        if fid in phone:
            assert set(phone[fid]) == {said(fid, lang)}, fid


@pytest.mark.parametrize("lang", LANGS)
def test_every_rendering_names_the_peer_group_as_a_rank_never_as_a_count(lang):
    """The words a journalist copies: nowhere is the rank figure's value the bare group size."""
    bare = {"sp_subprov_cities": {"zh": "15个", "en": "15"}, "ss_pilot_cities": {"zh": "36个", "en": "36"}}
    for fid, words in bare.items():
        view = view_of(fid, lang, pick=True)
        assert detail(DATA_SET, view)["value"] != words[lang]
        frame = table_frame(DATA_SET, [fid], lang)
        assert frame.at[0, "published"] != words[lang]
        assert frame.at[0, "unit"] not in ("个", "")
