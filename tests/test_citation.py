"""References to the source articles: GB/T 7714 in Chinese, the same parts in English."""

import re

from conftest import DATA
from dashboard.data.citation import reference, references, title_line
from dashboard.data.dataset import load

DATA_SET = load(DATA)


def test_chinese_reference_follows_gb_t_7714_for_a_newspaper_article():
    ref = reference(DATA_SET.sources.loc["chengdu_sta"], "zh")
    assert ref == "成都市科学技术协会. 强科普之翼 乘科幻之风 筑科创之基[N]. [2024]."
    # 主要责任者. 题名[文献类型标识]. 出版年.  (the year is an estimate: bracketed)
    assert re.fullmatch(r"[^.]+\. [^\[]+\[N\]\. \[\d{4}\]\.", ref)


def test_english_reference_names_organisation_year_title_and_the_chinese_title():
    source = DATA_SET.sources.loc["chengdu_hrss"]
    ref = reference(source, "en")
    assert ref.startswith("Chengdu Municipal Human Resources and Social Security Bureau. [2024]. ")
    assert source["title_en"] in ref and f"({source['title_zh']})" in ref and ref.endswith("in Chinese.")


def test_references_come_once_each_in_order_and_titles_read_naturally():
    refs = references(DATA_SET.sources, ["chengdu_sta", "chengdu_hrss", "chengdu_sta"], "zh")
    assert [r.split(".")[0] for r in refs] == ["成都市科学技术协会", "成都市人力资源和社会保障局"]
    assert title_line(DATA_SET.sources.loc["chengdu_hrss"], "zh").startswith("成都市人社局《兜牢民生底线")


def test_a_reference_carries_the_articles_address_and_date_when_sources_csv_has_them():
    source = {**DATA_SET.sources.loc["chengdu_hrss"].to_dict(), "url": "https://example.org/a.html",
              "date": "2024-01-18"}
    zh, en = reference(source, "zh"), reference(source, "en")
    assert zh == ("成都市人力资源和社会保障局. 兜牢民生底线 擦亮幸福底色——用心、用情、用力书写成都人社事业高质量发展新答卷"
                  "[N/OL]. 2024-01-18. https://example.org/a.html.")
    assert en.startswith("Chengdu Municipal Human Resources and Social Security Bureau. 2024-01-18. ")
    assert en.endswith("in Chinese. https://example.org/a.html")


def test_sources_csv_has_url_and_date_columns_left_empty_where_the_article_gives_none():
    assert {"url", "date"} <= set(DATA_SET.sources.columns)
    # The extracted article prints neither an address nor a date: none is invented.
    assert (DATA_SET.sources[["url", "date"]] == "").all().all()
    assert "http" not in reference(DATA_SET.sources.loc["chengdu_sta"], "zh")
