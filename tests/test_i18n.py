"""Every UI string and every data label exists in both languages."""

import re

import pytest

from dashboard.i18n import LANGUAGES, TEXT, t
from dashboard.loading import load

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
