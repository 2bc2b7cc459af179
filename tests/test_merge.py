"""`dashboard merge`: reviewed draft rows into data/, all or none, never overwriting a published row.

The draft rows here are fictional test material (period 2099, notes say so); they never reach data/.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import random
import shutil
import signal
import stat
import time
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.data.dataset import validate
from dashboard.ingest.merge import merge

from conftest import DATA

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
    assert run(data_copy, draft, "--yes") == 0
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
    assert run(data_copy, draft, "--yes") == 0
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


# ---------------------------------------------------------------- merging safely

def last_year(data_dir: Path, figure_id: str = "jobs_new_urban", value: str = "12.34") -> dict:
    """A published figure in a fictional earlier period (2022): merged, the default view stays 2023's."""
    quote = {"jobs_new_urban": f"全市城镇新增就业{value}万人", "jobs_reemployed": f"失业人员再就业{value}万人"}[figure_id]
    return row_like(data_dir, figure_id, id=f"{figure_id}_2022", indicator=figure_id, period="2022", value=value,
                    source_quote=quote, note_zh=FICTIONAL, note_en="Fictional test data", headline="")


def _merge_in_child(data_dir: Path, draft: Path, go) -> None:
    go.wait()
    code = 99
    try:
        code = main(["--data-dir", str(data_dir), "merge", str(draft)])
    finally:
        os._exit(code)


def test_two_merges_at_once_keep_every_row_20_times(tmp_path):
    fork = multiprocessing.get_context("fork")
    for round_ in range(20):
        data = tmp_path / f"round{round_}" / "data"
        shutil.copytree(DATA, data)
        first = write_draft(tmp_path / f"round{round_}" / "a", [last_year(data)])
        second = write_draft(tmp_path / f"round{round_}" / "b", [last_year(data, "jobs_reemployed", "9.87")])
        go = fork.Event()
        children = [fork.Process(target=_merge_in_child, args=(data, d, go)) for d in (first, second)]
        for child in children:
            child.start()
        go.set()  # both start together: each reads the published rows while the other may be writing
        for child in children:
            child.join(60)
        assert [c.exitcode for c in children] == [0, 0], f"round {round_}"
        ids = [r["id"] for r in published(data)]
        original = [r["id"] for r in published(DATA)]
        assert ids[:len(original)] == original and sorted(ids[len(original):]) == [
            "jobs_new_urban_2022", "jobs_reemployed_2022"], f"round {round_}: a draft's rows were lost"
        validate(data)


def test_a_second_merge_waits_for_the_lock_then_says_so_in_one_line(data_copy, tmp_path):
    from dashboard.ingest.merge import merge_lock

    draft = write_draft(tmp_path / "draft", [last_year(data_copy)])
    original = (data_copy / "figures.csv").read_bytes()
    with merge_lock(data_copy):
        started = time.monotonic()
        with pytest.raises(Exception) as refused:
            merge(draft, data_copy, wait=0.5)
        assert time.monotonic() - started >= 0.5, "it waited for the lock"
    assert "another merge into" in str(refused.value) and "still running" in str(refused.value)
    assert (data_copy / "figures.csv").read_bytes() == original
    assert merge(draft, data_copy).added == ["jobs_new_urban_2022"], "free again once released"


def _merge_quietly(data_dir: Path, draft: Path) -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os._exit(main(["--data-dir", str(data_dir), "merge", str(draft)]))


def test_a_merge_killed_at_random_points_leaves_all_or_nothing_and_no_temporary_file(tmp_path):
    fork = multiprocessing.get_context("fork")
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    os.chmod(data / "figures.csv", 0o644)
    original = (data / "figures.csv").read_bytes()
    draft = write_draft(tmp_path / "draft", [last_year(data)])
    started = time.monotonic()
    assert merge(draft, data, dry_run=True).added == ["jobs_new_urban_2022"]
    took = time.monotonic() - started
    rng = random.Random(27)
    outcomes = set()
    for _ in range(10):
        shutil.copyfile(DATA / "figures.csv", data / "figures.csv")
        os.chmod(data / "figures.csv", 0o644)
        child = fork.Process(target=_merge_quietly, args=(data, draft))
        child.start()
        time.sleep(rng.uniform(0.0, took * 1.2))
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        now = (data / "figures.csv").read_bytes()
        ids = [r["id"] for r in published(data)]
        assert now == original or ids == [r["id"] for r in published(DATA)] + ["jobs_new_urban_2022"]
        outcomes.add(now == original)
        assert stat.S_IMODE((data / "figures.csv").stat().st_mode) == 0o644, "the file's mode is kept"
        validate(data)
        # The next merge clears what a killed one left behind, and leaves nothing of its own.
        merge(draft, data, dry_run=True)
        assert not list(data.glob(".figures-merge-*.csv"))


def test_a_merge_keeps_the_files_mode_and_owner(data_copy, tmp_path):
    target = data_copy / "figures.csv"
    os.chmod(target, 0o644)
    same = row_like(data_copy, "jobs_new_urban", indicator="jobs_new_urban", headline="")
    assert merge(write_draft(tmp_path / "same", [same]), data_copy).added == []  # even a merge of 0 rows
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    if os.getuid() == 0:  # as root, a file of another user must stay theirs
        os.chown(target, 4242, 4343)
        merge(write_draft(tmp_path / "next", [last_year(data_copy)]), data_copy)
        assert (target.stat().st_uid, target.stat().st_gid) == (4242, 4343)
        assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_write_error_is_one_line_and_changes_nothing(data_copy, tmp_path, capsys, monkeypatch):
    original = (data_copy / "figures.csv").read_bytes()
    draft = write_draft(tmp_path / "draft", [last_year(data_copy)])

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    assert run(data_copy, draft) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "No space left on device" in err and "nothing merged" in err
    assert err.count("\n") == 1, "one line"
    assert (data_copy / "figures.csv").read_bytes() == original
    assert not list(data_copy.glob(".figures-merge-*.csv"))


def test_a_cell_over_128_kib_is_one_line_with_its_place(data_copy, tmp_path, capsys):
    original = (data_copy / "figures.csv").read_bytes()
    draft = write_draft(tmp_path / "draft", [last_year(data_copy), {**last_year(data_copy, "jobs_reemployed", "9.87"),
                                                                    "note_zh": "长" * 200_000}])
    assert run(data_copy, draft) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"{draft / 'figures.csv'}:3:" in err
    assert (data_copy / "figures.csv").read_bytes() == original


@pytest.mark.parametrize("header, problem", [
    ("id,id", ":1: column 'id' duplicate column"),
    ("id,colour", ":1: column 'colour' unknown column"),
])
def test_duplicate_and_unknown_columns_are_refused_with_file_and_line(data_copy, tmp_path, capsys, header, problem):
    original = (data_copy / "figures.csv").read_bytes()
    row = last_year(data_copy)
    first, extra = header.split(",")
    folder = tmp_path / "draft"
    folder.mkdir()
    columns = list(row) + [extra]
    with (folder / "figures.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerow(list(row.values()) + [row["id"] if extra == "id" else "red"])
    assert run(data_copy, folder) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'figures.csv'}{problem}" in err
    assert (data_copy / "figures.csv").read_bytes() == original


def test_a_merge_that_changes_the_default_view_asks_for_yes(data_copy, tmp_path, capsys):
    original = (data_copy / "figures.csv").read_bytes()
    draft = write_draft(tmp_path / "draft", [next_year(data_copy)])
    assert run(data_copy, draft) == 1
    err = capsys.readouterr().err
    assert "default view would change from 2023 (23 of 23 charts) to 2099 (1 of 23 charts)" in err
    assert "--yes" in err
    assert (data_copy / "figures.csv").read_bytes() == original
    assert run(data_copy, draft, "--dry-run") == 0, "a dry run tells, without asking"
    assert "default view would change" in capsys.readouterr().out
    assert run(data_copy, draft, "--yes") == 0
    assert "added 1 rows" in capsys.readouterr().out
