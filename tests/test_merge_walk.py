"""A new year's review from article to dashboard: ingest, review, merge, the new period shown.

The article is the team's fictional test article; everything happens in a copy of data/ under tmp.
"""

from __future__ import annotations

import csv

import pytest

from dashboard.cli import main
from dashboard.data.dataset import load
from dashboard.data.periods import indicator_history

from conftest import DATA
from test_ingest import ARTICLES


def rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path, records):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


def test_article_to_dashboard(data_copy, tmp_path, capsys):
    draft = tmp_path / "draft"
    assert main(["--data-dir", str(data_copy), "ingest", str(ARTICLES / "review_simplified.txt"), "--out", str(draft),
                 "--org", "chengdu_hrss"]) == 0
    # Unreviewed, the draft does not go in: empty English labels and topics are named by file and line.
    assert main(["--data-dir", str(data_copy), "merge", str(draft)]) == 1
    err = capsys.readouterr().err
    assert f"{draft / 'figures.csv'}:3: column 'label_en' label_en is empty" in err
    before = (data_copy / "figures.csv").read_bytes()
    assert before == (DATA / "figures.csv").read_bytes()

    # The reviewer keeps the rows they checked and completes them (here: the one matched to an indicator,
    # and a new one given an English label and a topic).
    drafted = rows(draft / "figures.csv")
    kept = [r for r in drafted if r["indicator"] == "jobs_new_urban"]
    new = next(r for r in drafted if r["value"] == "12" and r["unit"] == "亿元")
    new.update(label_en="Cost relief for enterprises (test article)", topic="support_funds", area="jobs")
    write(draft / "figures.csv", kept + [new])
    # 2024 would become the default period: merge says so and asks first.
    assert main(["--data-dir", str(data_copy), "merge", str(draft)]) == 1
    assert "the default view would change from 2023" in capsys.readouterr().err
    assert main(["--data-dir", str(data_copy), "merge", str(draft), "--yes"]) == 0
    assert "added 2 rows" in capsys.readouterr().out

    data = load(data_copy)
    assert data.periods == ("2023", "2024")
    assert data.figure("jobs_new_urban")["display_zh"] == "31.2万人"  # the latest period by default
    assert data.in_period("2023").figure("jobs_new_urban")["display_zh"] == "26.44万人"
    history = indicator_history(data, "jobs_new_urban")
    assert list(history["source_quote"]) == ["成都城镇新增就业26.44万人", "全年全市城镇新增就业31.2万人"]
    # Merging the same draft again changes nothing and says so.
    assert main(["--data-dir", str(data_copy), "merge", str(draft)]) == 0
    assert "added 0 rows; 2 already published" in capsys.readouterr().out


@pytest.mark.parametrize("column", ["value", "source_quote"])
def test_a_published_row_is_never_overwritten(data_copy, tmp_path, capsys, column):
    draft = tmp_path / "draft"
    draft.mkdir()
    row = {**rows(data_copy / "figures.csv")[0], "indicator": ""}
    row[column] = "27.44" if column == "value" else "成都城镇新增就业27.44万人"
    write(draft / "figures.csv", [row])
    before = (data_copy / "figures.csv").read_bytes()
    assert main(["--data-dir", str(data_copy), "merge", str(draft)]) == 1
    assert "would overwrite the published row 'jobs_new_urban'" in capsys.readouterr().err
    assert (data_copy / "figures.csv").read_bytes() == before
