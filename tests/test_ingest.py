"""`dashboard ingest` on the team's own (fictional) articles of the genre, in both scripts, and its errors."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.ingest.draft import ingest
from dashboard.ingest.normalise import normalise, read_article
from dashboard.ingest.vocabulary import Vocabulary
from dashboard.ingest.write import numbers_frame

from conftest import DATA, ROOT

ARTICLES = Path(__file__).parent / "ingest_articles"


def run(name: str, **hints):
    return ingest(read_article(ARTICLES / name), Vocabulary.from_data(DATA), **hints)


@pytest.fixture(scope="module")
def simplified():
    return run("review_simplified.txt")


@pytest.fixture(scope="module")
def traditional():
    return run("review_traditional.txt")


def row(draft, value: str, unit: str) -> pd.Series:
    figures = draft.figures()
    hits = figures[(figures["value"] == value) & (figures["unit"] == unit)]
    assert len(hits) == 1, f"{value} {unit}: {len(hits)} rows"
    return hits.iloc[0]


@pytest.mark.parametrize(
    ("value", "unit", "word", "qualifier", "measure", "printed", "shown"),
    [
        ("31.2", "万人", "", "exact", "count", "", "31.2万人"),
        ("3.5", "%", "", "exact", "change", "", "增长3.5%"),
        ("5.1", "%", "", "exact", "share", "", "5.1%"),
        ("0.3", "个百分点", "", "exact", "change", "", "下降0.3个百分点"),
        ("1200", "场", "余", "over", "count", "", "1200余场"),
        ("4.5", "万个", "多", "over", "count", "", "4.5万多个"),
        ("100", "家", "近", "nearly", "count", "百", "近百家"),
        ("1000", "万人次", "上", "over", "count", "千", "上千万人次"),
        ("12", "亿元", "超过", "over", "amount", "", "超过12亿元"),
        ("8000", "万元", "逾", "over", "amount", "", "逾8000万元"),
        ("2.3", "万人", "约", "about", "count", "", "约2.3万人"),
        ("5000", "人", "左右", "about", "count", "", "5000人左右"),
        ("200", "件", "不到", "under", "count", "", "不到200件"),
        ("123.45", "万人", "", "exact", "count", "", "123.45万人"),  # full-width digits in the article
        ("98", "%", "", "exact", "share", "", "98%"),  # full-width ％
        ("96", "%", "以上", "at_least", "share", "", "96%以上"),
        ("2", "万人", "", "exact", "count", "两", "两万人"),
        ("150", "万人", "突破", "over", "count", "", "突破150万人"),
    ],
)
def test_every_form_of_the_genre_in_simplified_script(simplified, value, unit, word, qualifier, measure, printed, shown):
    r = row(simplified, value, unit)
    assert (r["qualifier_word"], r["qualifier"], r["measure"], r["printed"]) == (word, qualifier, measure, printed)
    assert shown in r["source_quote"]
    assert r["period"] == "2024"


@pytest.mark.parametrize(
    ("value", "unit", "word", "printed", "measure"),
    [
        ("3.6", "万场", "余", "", "count"),  # 萬餘場
        ("1.2", "万人次", "超过", "", "count"),  # 超過
        ("35", "个", "", "", "count"),  # 個
        ("2", "亿元", "逾", "两", "amount"),  # 逾兩億元
        ("12", "%", "", "", "change"),
        ("8000", "名", "近", "", "count"),
        ("15.5", "%", "", "", "share"),  # 佔全市
    ],
)
def test_traditional_script_reads_as_simplified(traditional, value, unit, word, printed, measure):
    r = row(traditional, value, unit)
    assert (r["qualifier_word"], r["printed"], r["measure"]) == (word, printed, measure)


def test_labels_say_what_is_counted(simplified):
    assert row(simplified, "31.2", "万人")["label_zh"] == "城镇新增就业"
    assert row(simplified, "12", "亿元")["label_zh"] == "为企业减负"
    # A change printed after its figure says what it changes.
    assert row(simplified, "3.5", "%")["label_zh"] == "城镇新增就业同比增长"


def test_the_same_indicator_in_data_is_proposed_for_the_new_period(simplified):
    r = row(simplified, "31.2", "万人")
    assert (r["indicator"], r["id"], r["area"], r["topic"]) == ("jobs_new_urban", "jobs_new_urban_2024", "jobs", "outcomes")
    assert r["label_en"] == "New urban jobs"
    # A new statistic gets a fresh id and its own indicator.
    fresh = row(simplified, "123.45", "万人")
    assert fresh["indicator"] == fresh["id"] and re.fullmatch(r"[a-z_]+_2024_\d\d", fresh["id"])


def test_an_unknown_publisher_is_left_empty_and_org_fills_it(simplified):
    assert set(simplified.figures()["source_org"]) == {""}
    hinted = run("review_simplified.txt", org="chengdu_hrss", period="2025")
    assert set(hinted.figures()["source_org"]) == {"chengdu_hrss"}
    assert set(hinted.figures()["period"]) == {"2025"}


def test_a_statistic_printed_twice_is_one_row(simplified):
    figures = simplified.figures()
    assert (figures["value"] == "31.2").sum() == 1
    numbers = numbers_frame(simplified)
    repeat = numbers[numbers["text"] == "31.2"]
    assert list(repeat["status"]) == ["figure", "repeat"]
    assert set(repeat["figure_id"]) == {"jobs_new_urban_2024"}


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("3", 10, "date"), ("15", 10, "date document number"),  # 去年3月15日, 〔2024〕15号
        ("2024", 10, "document number"),
        ("16", 11, "age range"), ("24", 11, "age range"), ("35", 11, "age range"),
        ("三", 11, "time span"), ("2026", 11, "time span"),  # 三年行动（2024—2026年）
        ("12333", 13, "name or code"), ("33618", 14, "name or code"),
        ("十二", 17, "ordinal"),  # 第十二届
    ],
)
def test_every_kind_of_non_figure_is_left_out_with_its_reason(simplified, text, line, reason):
    numbers = numbers_frame(simplified)
    hit = numbers[(numbers["text"] == text) & (numbers["line"] == line)]
    assert set(hit["status"]) == {"left_out"} and " ".join(hit["reason"]) == reason


def test_traditional_script_non_figures(traditional):
    numbers = numbers_frame(traditional)
    reason = dict(zip(numbers["text"], numbers["reason"]))
    assert reason["5"] == "ordinal"  # 第5屆
    assert reason["9"] == "date"  # 2024年9月
    assert reason["16"] == reason["24"] == "age range"  # 16至24歲
    assert reason["12345"] == "name or code"  # 「12345」熱線
    assert reason["8"] == "document number"  # 〔2024〕8號
    assert reason["三"] == reason["2026"] == "time span"  # 三年計劃（2024—2026年）
    assert reason["兩億"] == ""  # numbers.csv shows the number as the article prints it
    assert list(numbers.loc[numbers["text"] == "3.6", "status"]) == ["figure", "repeat"]


@pytest.fixture(scope="module")
def web():
    return run("review_web_layout.txt")


@pytest.mark.parametrize(
    ("value", "unit", "word", "measure", "quote"),
    [
        ("8650", "人", "", "count", "全县城镇新增就业8650人"),  # 8,650: a digit-group comma is not a clause end
        ("2300", "万元", "", "amount", "全年发放就业补助资金2300万元"),
        ("3.2", "%", "以内", "share", "城镇登记失业率控制在3.2%以内"),
        ("1.2", "万人", "", "change", "比上年增加1.2万人"),  # a change in a count
        ("12.3", "亿元", "", "amount", "发放养老金12.3亿元"),  # the list marker （1） is not quoted
        ("45", "场", "", "count", "开展“春风行动”等招聘会45场"),  # nor 3. 一是
    ],
)
def test_a_web_layout_with_lists_and_digit_groups(web, value, unit, word, measure, quote):
    r = row(web, value, unit)
    assert (r["qualifier_word"], r["measure"], r["source_quote"]) == (word, measure, quote)


def test_list_numbers_quarters_and_spans_are_left_out(web):
    numbers = numbers_frame(web)
    reasons = {}
    for r in numbers.sort_values(["line", "column"], ascending=False).itertuples():
        reasons[(r.line, r.text)] = r.reason  # the first on its line wins
    assert reasons[(6, "1")] == reasons[(7, "2")] == reasons[(10, "3")] == "ordinal"  # 1. 2. 3.
    assert reasons[(8, "1")] == reasons[(9, "2")] == "ordinal"  # （1） （2）
    assert reasons[(11, "三")] == "ordinal"  # 第三季度
    assert reasons[(11, "5")] == "time span"  # 近5年来
    assert reasons[(9, "60")] == "age range"  # 年满60周岁
    assert list(numbers.loc[(numbers["line"] == 10) & (numbers["text"] == "45"), "reason"]) == ["", "age range"]
    assert reasons[(12, "12345")] == "name or code"
    assert (numbers["status"] != "unsure").all()
    # The matched indicator counts people in 万人 in data/: the same base unit, so the periods line up.
    assert row(web, "8650", "人")["indicator"] == "jobs_new_urban"


@pytest.mark.parametrize(
    ("value", "unit", "word", "printed", "measure"),
    [("6", "成", "超", "六", "share"), ("3", "成", "近", "三", "share"),  # 超六成, 近三成
     ("1.5", "倍", "", "", "change"), ("2.1", "个百分点", "", "", "change"), ("40", "%", "左右", "", "share"),
     ("1", "万次", "余", "", "count"), ("12", "个", "", "", "count")],
)
def test_a_press_release(value, unit, word, printed, measure):
    draft = run("review_press_release.txt")
    r = row(draft, value, unit)
    assert (r["qualifier_word"], r["printed"], r["measure"]) == (word, printed, measure)
    assert draft.period == "2024"  # from 二〇二四年, a year spelled digit by digit
    reasons = dict(zip(numbers_frame(draft)["text"], numbers_frame(draft)["reason"]))
    assert (reasons["二〇二四"], reasons["5"], reasons["2"], reasons["3"]) == ("date", "name or code", "ordinal", "time span")


@pytest.mark.parametrize("name", ["review_simplified.txt", "review_traditional.txt", "review_web_layout.txt",
                                  "review_press_release.txt"])
def test_numbers_csv_accounts_for_every_run_of_digits_and_every_number_in_words(name):
    draft = run(name)
    numbers = numbers_frame(draft)
    raw = (ARTICLES / name).read_text(encoding="utf-8")
    digits = {(n + 1, m.start() + 1) for n, line in enumerate(raw.split("\n"))
              for m in re.finditer(r"[0-9０-９]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9０-９]+(?:[.．][0-9０-９]+)?", line)}
    listed = {(r.line, r.column) for r in numbers.itertuples()}
    assert digits <= listed
    words = {"review_simplified.txt": {"百", "千万", "三", "十二", "两万"},
             "review_traditional.txt": {"兩億"}, "review_web_layout.txt": {"三"},
             "review_press_release.txt": {"二〇二四", "六", "三"}}[name]
    found = {raw.split("\n")[r.line - 1][r.column - 1:r.column - 1 + len(r.text)] for r in numbers.itertuples()}
    assert words <= found
    assert len(listed) == len(numbers), "two rows for one position"
    assert numbers["status"].isin(["figure", "repeat", "left_out", "unsure"]).all()
    taken = numbers[numbers["status"] == "figure"]
    assert set(taken["figure_id"]) == set(draft.figures()["id"])


def test_layout_spaces_and_line_breaks_are_removed_but_positions_kept():
    raw = "发 布 就 业 岗 位 251.54 万 个 次 ，全市城镇新增\n就业 1 2 人"
    text, origin = normalise(raw)
    assert text.startswith("发布就业岗位251.54万个次，全市城镇新增就业1 2人")
    assert raw[origin[text.index("251.54")]] == "2"


def test_cli_writes_the_draft_and_a_one_line_summary(tmp_path, capsys):
    out = tmp_path / "draft"
    assert main(["--data-dir", str(DATA), "ingest", str(ARTICLES / "review_simplified.txt"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out.strip()
    assert re.fullmatch(r".*: 18 figures, \d+ left out, \d+ unsure \(.*\)", printed) and "\n" not in printed
    assert {p.name for p in out.iterdir()} == {"figures.csv", "numbers.csv", "review.html", ".ingest-draft"}
    figures = pd.read_csv(out / "figures.csv", dtype=str, keep_default_na=False)
    assert list(figures.columns) == list(pd.read_csv(DATA / "figures.csv", nrows=0).columns.insert(1, "indicator"))
    html = (out / "review.html").read_text(encoding="utf-8")
    # Self-contained: no scripts, no links out; every number marked and each taken one linked to its row.
    assert "<script" not in html and "http" not in html and "src=" not in html
    numbers = pd.read_csv(out / "numbers.csv", dtype=str, keep_default_na=False)
    assert html.count("<mark id=") == len(numbers)
    for fid in figures["id"]:
        assert f'id="row-{fid}"' in html and f'href="#row-{fid}"' in html


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot be read"), (b"", "the file is empty"), (b"  \n\n", "the file is empty"),
     ("全市新增就业".encode("gbk"), "is not UTF-8")],
)
def test_bad_articles_get_one_line_and_exit_2(tmp_path, capsys, content, message):
    article = tmp_path / "article.txt"
    if content is not None:
        article.write_bytes(content)
    out = tmp_path / "draft"
    assert main(["ingest", str(article), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(("hint", "message"), [(["--period", "24"], "is not a year"),
                                               (["--org", "nobody"], "is not in sources.csv")])
def test_bad_hints_get_one_line_and_exit_2(tmp_path, capsys, hint, message):
    out = tmp_path / "draft"
    assert main(["--data-dir", str(DATA), "ingest", str(ARTICLES / "review_simplified.txt"), "--out", str(out), *hint]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and not out.exists()


def test_a_qualifier_before_the_magnitude_and_a_plan_name(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("【测试材料，虚构】2024年，全年共办理社保业务300余万件，十四五规划目标顺利推进。\n", encoding="utf-8")
    draft = ingest(read_article(article), Vocabulary.from_data(DATA))
    r = row(draft, "300", "万件")
    assert (r["qualifier_word"], r["qualifier"]) == ("余", "over")
    numbers = numbers_frame(draft)
    assert numbers.loc[numbers["text"] == "十四五", "reason"].tolist() == ["name or code"]


# ---------------------------------------------------------------- ingest writes drafts only

def ingest_cli(data_dir: Path, out: Path, *extra: str, article: Path = ARTICLES / "review_simplified.txt") -> int:
    return main(["--data-dir", str(data_dir), "ingest", str(article), "--out", str(out), *extra])


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_ingest_into_the_published_data_folder_is_refused(data_copy, capsys, force):
    before = {p.name: p.read_bytes() for p in data_copy.iterdir()}
    assert ingest_cli(data_copy, data_copy, *force) == 2
    err = capsys.readouterr().err
    assert "is the published data folder" in err and err.count("\n") == 1
    assert {p.name: p.read_bytes() for p in data_copy.iterdir()} == before, "77 published rows stay published"


def test_ingest_into_any_folder_with_published_data_is_refused(data_copy, tmp_path, capsys):
    other = tmp_path / "published-elsewhere"
    shutil.copytree(DATA, other)
    before = (other / "figures.csv").read_bytes()
    assert ingest_cli(data_copy, other, "--force") == 2
    assert "holds published data" in capsys.readouterr().err
    assert (other / "figures.csv").read_bytes() == before


def test_an_edited_draft_is_kept_unless_force(tmp_path, capsys):
    out = tmp_path / "draft"
    assert ingest_cli(DATA, out) == 0
    assert ingest_cli(DATA, out) == 0, "a draft nobody has touched may be written again"
    reviewed = (out / "figures.csv").read_text(encoding="utf-8").replace("jobs,", "jobs,", 1) + "\n"
    (out / "figures.csv").write_text(reviewed, encoding="utf-8")
    capsys.readouterr()
    assert ingest_cli(DATA, out) == 2
    err = capsys.readouterr().err
    assert "has been edited since ingest wrote it" in err and "--force" in err and err.count("\n") == 1
    assert (out / "figures.csv").read_text(encoding="utf-8") == reviewed
    assert ingest_cli(DATA, out, "--force") == 0
    assert (out / "figures.csv").read_text(encoding="utf-8") != reviewed


def test_an_article_over_2_mb_is_refused_at_once(tmp_path):
    article = tmp_path / "huge.txt"
    article.write_bytes(("全市城镇新增就业26.44万人，" * 300_000).encode("utf-8"))  # 10.8 MB
    started = time.monotonic()
    done = _ingest_within(article, tmp_path / "draft", 30)
    assert time.monotonic() - started < 30
    assert done.returncode == 2 and "is over 2 MB" in done.stderr and done.stderr.count("\n") == 1
    assert not (tmp_path / "draft").exists()


def _ingest_within(article: Path, out: Path, seconds: float) -> subprocess.CompletedProcess:
    """Ingest in a process of its own, stopped after `seconds` (a quadratic step would run for hours)."""
    command = [sys.executable, "-m", "dashboard.cli", "--data-dir", str(DATA), "ingest", str(article), "--out", str(out)]
    try:
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired:
        pytest.fail(f"ingest of {article.stat().st_size / 1e6:.1f} MB took over {seconds} s")


def test_the_shapes_that_grew_with_the_square_of_the_input_ingest_in_seconds(tmp_path):
    # A long line of layout spaces, and many short clauses each with its own figure: the shapes that grew
    # with the square of the input.
    spaces = tmp_path / "spaces.txt"
    spaces.write_text("2023年" + " " * 1_500_000 + "全市城镇新增就业26.44万人。\n", encoding="utf-8")
    assert _ingest_within(spaces, tmp_path / "a", 60).returncode == 0
    dense = tmp_path / "dense.txt"
    dense.write_text("2023年成都市人力资源和社会保障事业发展统计公报\n" + "".join(
        f"开展招聘活动{n}场，培训技能人才{n}.5万人次，" for n in range(1, 3001)), encoding="utf-8")
    done = _ingest_within(dense, tmp_path / "b", 90)
    assert done.returncode == 0 and ": 6000 figures" in done.stdout


def test_a_formula_line_in_an_article_is_not_copied_as_a_formula(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text('【测试材料，虚构】2024年。\n=HYPERLINK("http://evil.example","x")全市新增就业5万人。\n'
                       "+全市举办招聘会300场。\n@全市培训技能人才8万人次。\n", encoding="utf-8")
    figures = ingest(read_article(article), Vocabulary.from_data(DATA)).figures()
    assert len(figures) == 3
    for column in ("label_zh", "source_quote"):
        assert not figures[column].str.match(r"[=+\-@\t\r]").any(), figures[column].tolist()
