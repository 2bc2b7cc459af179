"""Every UI string and every data label exists in both languages."""

import re

import pytest

from dashboard.view.strings import LANGUAGES, TEXT, t
from dashboard.data.dataset import load

from conftest import DATA

HAN = re.compile(r"[\u4e00-\u9fff]")
DATA_SET = load(DATA)


@pytest.mark.parametrize("key", sorted(TEXT))
def test_ui_string_has_both_languages(key):
    assert set(TEXT[key]) == set(LANGUAGES)
    assert all(TEXT[key][lang].strip() for lang in LANGUAGES)
    assert not HAN.search(re.sub(r"\([^)]*\)", "", TEXT[key]["en"])), TEXT[key]["en"]
    zh = re.sub(r"\{\w+\}", "", TEXT[key]["zh"])
    assert HAN.search(zh) or not re.search("[A-Za-z]{3}", zh), zh


@pytest.mark.parametrize(
    ("frame", "columns"),
    [("figures", ["label"]), ("areas", ["label"]), ("topics", ["label"]), ("charts", ["title"])],
)
def test_data_labels_have_both_languages(frame, columns):
    table = getattr(DATA_SET, frame)
    for column in columns:
        assert (table[f"{column}_zh"].str.len() > 0).all()
        assert (table[f"{column}_en"].str.len() > 0).all()
        outside = table[f"{column}_en"].str.replace(r"\([^)]*\)", "", regex=True)
        assert not outside.str.contains(HAN).any(), list(outside[outside.str.contains(HAN)])


def test_english_notes_exist_wherever_chinese_notes_do():
    figures = DATA_SET.figures
    assert ((figures["note_zh"] == "") == (figures["note_en"] == "")).all()


def test_unknown_language_falls_back_to_chinese():
    assert t("overview", "fr") == t("overview", "zh")


# Issue 28, finding 10: English for readers. Every unit name an English page, table or file uses is a word a
# reader knows (checked against this list, written here), and none of the stiff phrases reported is left.
GLOSSARY = {"people", "person", "events", "event", "cases", "case", "items", "item", "copies", "copy", "gold medals",
            "gold medal", "bronze medals", "bronze medal", "excellence awards", "excellence award", "organisations",
            "organisation", "services", "postings", "participants", "entries", "views", "enrolments", "uses",
            "trainees", "CNY", "%", "", "attendances", "attendance", "services to organisations",
            "service to an organisation", "posting", "place", "yuan", "per cent"}
STIFF = ("person-time", "organisation-time", "posting-time", "Units: each figure in its own", "among the leaders of 36", "ranked no.")


def test_every_english_unit_name_is_in_the_glossary():
    from dashboard.table import table_frame

    units = DATA_SET.units
    assert set(units["label_en_one"].fillna("")) | set(units["label_en_many"].fillna("")) <= GLOSSARY
    frame = table_frame(DATA_SET, list(DATA_SET.figures.index), "en")
    assert set(frame["unit"]) <= GLOSSARY and set(frame["base_unit"]) <= GLOSSARY


def test_no_stiff_english_phrase_is_left_in_the_strings_the_table_or_the_data():
    from dashboard.table import table_frame, to_csv

    frame = table_frame(DATA_SET, list(DATA_SET.figures.index), "en")
    texts = [TEXT[key]["en"] for key in TEXT] + [to_csv(frame, "en").decode("utf-8-sig")]
    texts += list(DATA_SET.figures["quote_en"]) + list(DATA_SET.figures["display_en"])
    for phrase in STIFF:
        assert not any(phrase in text for text in texts), phrase
