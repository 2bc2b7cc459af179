"""`dashboard merge`: reviewed draft rows into data/, all or none, never overwriting a published row.

The draft rows here are fictional test material (period 2099, notes say so); they never reach data/.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.loading import validate

FICTIONAL = "虚构测试数据"


def published(data_dir: Path) -> list[dict]:
    with (data_dir / "figures.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def row_like(data_dir: Path, figure_id: str, **changes) -> dict:
    """A copy of a published row with some cells changed (the draft's columns: data's plus `indicator`)."""
    row = dict(next(r for r in published(data_dir) if r["id"] == figure_id))
    row.setdefault("indicator", "")
    row.update(changes)
    return row


def write_draft(folder: Path, rows: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    columns = list(rows[0])
    with (folder / "figures.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def next_year(data_dir: Path, value: str = "12.34") -> dict:
    """jobs_new_urban in a fictional period: same indicator, its own id."""
    return row_like(data_dir, "jobs_new_urban", id="jobs_new_urban_2099", indicator="jobs_new_urban", period="2099",
                    value=value, source_quote=f"全市城镇新增就业{value}万人", note_zh=FICTIONAL, note_en="Fictional test data",
                    headline="")


def run(data_dir: Path, draft: Path, *extra: str) -> int:
    return main(["--data-dir", str(data_dir), "merge", str(draft), *extra])


def test_merge_adds_every_row_and_the_result_validates(data_copy, tmp_path, capsys):
    before = published(data_copy)
    new_indicator = row_like(data_copy, "jobs_reemployed", id="jobs_fictional_2099", indicator="", period="2099",
                             label_zh="虚构指标", label_en="Fictional indicator", value="7.5", unit="万人",
                             source_quote="虚构指标7.5万人", note_zh=FICTIONAL, note_en="Fictional test data")
    draft = write_draft(tmp_path / "draft", [next_year(data_copy), new_indicator])
    assert run(data_copy, draft) == 0
    assert "added 2 rows" in capsys.readouterr().out
    after = published(data_copy)
    assert [r["id"] for r in after] == [r["id"] for r in before] + ["jobs_new_urban_2099", "jobs_fictional_2099"]
    # Published rows are kept cell for cell; the new `indicator` column is empty for them (= their id).
    assert all({k: v for k, v in a.items() if k != "indicator"} == b and a["indicator"] == "" for a, b in zip(after, before))
    assert after[-2]["indicator"] == "jobs_new_urban" and after[-2]["value"] == "12.34"
    header = (data_copy / "figures.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:2] == ["id", "indicator"], "the new column goes where the data model puts it"
    validate(data_copy)  # raises DataError if the merged folder is not valid


def test_one_bad_row_merges_nothing_and_names_its_line(data_copy, tmp_path, capsys):
    original = (data_copy / "figures.csv").read_bytes()
    bad = row_like(data_copy, "jobs_reemployed", id="jobs_bad_2099", period="2099", unit="万斤",
                   source_quote="虚构再就业10.11万斤", note_zh=FICTIONAL)
    draft = write_draft(tmp_path / "draft", [next_year(data_copy), bad])
    assert run(data_copy, draft) == 1
    err = capsys.readouterr().err
    assert f"{draft / 'figures.csv'}:3: column 'unit' unknown unit '万斤'" in err
    assert "nothing merged" in err
    assert (data_copy / "figures.csv").read_bytes() == original


def test_a_schema_problem_points_at_the_draft_not_at_a_temporary_file(data_copy, tmp_path, capsys):
    original = (data_copy / "figures.csv").read_bytes()
    draft = write_draft(tmp_path / "draft", [next_year(data_copy, value="12.3.4")])
    assert run(data_copy, draft) == 1
    err = capsys.readouterr().err
    assert f"{draft / 'figures.csv'}:2: column 'value' value is not a number" in err
    assert ".figures-merge-" not in err
    assert (data_copy / "figures.csv").read_bytes() == original
    assert not list(data_copy.glob(".figures-merge-*")), "the temporary file is removed"


def test_a_published_row_is_never_overwritten(data_copy, tmp_path, capsys):
    original = (data_copy / "figures.csv").read_bytes()
    changed = row_like(data_copy, "jobs_new_urban", value="30", source_quote="成都城镇新增就业30万人")
    draft = write_draft(tmp_path / "draft", [changed])
    assert run(data_copy, draft) == 1
    err = capsys.readouterr().err
    assert f"{draft / 'figures.csv'}:2: column 'value' would overwrite the published row 'jobs_new_urban'" in err
    assert f"{data_copy / 'figures.csv'}:2;" in err, "it says where the published row is"
    assert (data_copy / "figures.csv").read_bytes() == original


def test_a_row_identical_to_a_published_one_is_skipped(data_copy, tmp_path, capsys):
    same = row_like(data_copy, "jobs_new_urban", indicator="jobs_new_urban", headline="")
    draft = write_draft(tmp_path / "draft", [same, next_year(data_copy)])
    assert run(data_copy, draft) == 0
    assert "added 1 rows; 1 already published, skipped" in capsys.readouterr().out
    ids = [r["id"] for r in published(data_copy)]
    assert ids.count("jobs_new_urban") == 1 and ids.count("jobs_new_urban_2099") == 1


def test_a_second_row_for_the_same_indicator_and_period_is_refused(data_copy, tmp_path, capsys):
    original = (data_copy / "figures.csv").read_bytes()
    twin = row_like(data_copy, "jobs_new_urban", id="jobs_new_urban_twin", indicator="jobs_new_urban")
    draft = write_draft(tmp_path / "draft", [twin])
    assert run(data_copy, draft) == 1
    err = capsys.readouterr().err
    assert "column 'indicator' indicator 'jobs_new_urban' already has a published row for 2023" in err
    assert (data_copy / "figures.csv").read_bytes() == original


def test_a_draft_without_a_data_column_is_refused(data_copy, tmp_path, capsys):
    row = next_year(data_copy)
    del row["source_quote"]
    draft = write_draft(tmp_path / "draft", [row])
    assert run(data_copy, draft) == 1
    assert f"{draft / 'figures.csv'}:1: column 'source_quote' missing column" in capsys.readouterr().err


def test_a_missing_draft_folder_is_one_clear_line(data_copy, tmp_path, capsys):
    assert run(data_copy, tmp_path / "nowhere") == 1
    err = capsys.readouterr().err
    assert "nowhere/figures.csv: cannot be read" in err and "Traceback" not in err


def test_dry_run_reports_and_changes_nothing(data_copy, tmp_path, capsys):
    original = (data_copy / "figures.csv").read_bytes()
    draft = write_draft(tmp_path / "draft", [next_year(data_copy)])
    assert run(data_copy, draft, "--dry-run") == 0
    assert "would add 1 rows" in capsys.readouterr().out
    assert (data_copy / "figures.csv").read_bytes() == original


def test_lines_named_inside_a_message_are_told_against_their_own_file(data_copy, tmp_path, capsys):
    first, twin = next_year(data_copy), next_year(data_copy, value="12.5")
    twin["id"] = "jobs_new_urban_2099_twin"
    draft = write_draft(tmp_path / "draft", [first, twin])
    assert run(data_copy, draft) == 1
    err = capsys.readouterr().err
    where = draft / "figures.csv"
    assert f"{where}:3: column 'period' indicator 'jobs_new_urban' already has a row for 2099 ({where}:2)" in err


@pytest.mark.parametrize("clash", ["overwrite", "same_period"])
@pytest.mark.parametrize("clash_first", [False, True], ids=["good-rows-first", "clash-first"])
def test_good_rows_beside_a_clashing_one_merge_nothing(data_copy, tmp_path, capsys, clash, clash_first):
    """All rows or none: a draft of good rows and one row that clashes with a published one (a changed value
    under a published id, or a second row for a published indicator and period) exits 1, names the clash and
    leaves data/figures.csv byte for byte as it was."""
    original = (data_copy / "figures.csv").read_bytes()
    good = [next_year(data_copy), row_like(data_copy, "jobs_reemployed", id="jobs_reemployed_2099",
                                           indicator="jobs_reemployed", period="2099", value="10.5",
                                           source_quote="失业人员再就业10.5万人", note_zh=FICTIONAL, headline="")]
    if clash == "overwrite":
        bad = row_like(data_copy, "jobs_new_urban", indicator="jobs_new_urban", headline="", value="30",
                       source_quote="成都城镇新增就业30万人")
        message = "would overwrite the published row 'jobs_new_urban'"
    else:
        bad = row_like(data_copy, "jobs_new_urban", id="jobs_new_urban_twin", indicator="jobs_new_urban", headline="")
        message = "indicator 'jobs_new_urban' already has a published row for 2023"
    draft = write_draft(tmp_path / "draft", [bad, *good] if clash_first else [*good, bad])
    assert run(data_copy, draft) == 1
    captured = capsys.readouterr()
    assert message in captured.err and "added" not in captured.out
    assert (data_copy / "figures.csv").read_bytes() == original
    assert run(data_copy, draft, "--dry-run") == 1
    assert (data_copy / "figures.csv").read_bytes() == original
