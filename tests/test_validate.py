"""Bad data files are refused with every problem located as file:line and column."""

import csv
import subprocess
import sys

import pytest

from dashboard.cli import main
from dashboard.errors import DataError
from dashboard.data.dataset import validate

from conftest import figure_rows

FIRST = 2  # line of the first data row (line 1 is the header)


def rewrite(path, edit):
    """Apply edit(rows) to a CSV's rows (header included) and write it back."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def set_cell(column, value, row=1):
    def edit(rows):
        rows[row][rows[0].index(column)] = value
    return edit


def run_validate(capsys, path):
    code = main(["validate", str(path)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


CASES = {
    "non-numeric value": (set_cell("value", "26,44"), FIRST, "value", "not a number"),
    "negative value": (set_cell("value", "-3"), FIRST, "value", "negative"),
    "unknown area": (set_cell("area", "housing"), FIRST, "area", "unknown area"),
    "unknown qualifier": (set_cell("qualifier", "roughly"), FIRST, "qualifier", "unknown qualifier"),
    "unknown unit": (set_cell("unit", "万头"), FIRST, "unit", "unknown unit"),
    "empty quote": (set_cell("source_quote", ""), FIRST, "source_quote", "empty"),
    "quote lacks value": (set_cell("value", "26.45"), FIRST, "source_quote", "does not contain the value"),
    "share above 100": (set_cell("value", "120", row=4), FIRST + 3, "value", "cannot exceed 100"),
    "duplicate id": (set_cell("id", "jobs_reemployed"), FIRST, "id", "duplicate"),
    "topic of another area": (set_cell("topic", "coverage"), FIRST, "topic", "not a topic of area"),
    "qualifier word mismatch": (set_cell("qualifier_word", "近"), FIRST, "qualifier", "does not match"),
    "NUL byte": (set_cell("label_zh", "城镇\x00新增就业"), FIRST, "label_zh", "control character (U+0000 at character 3)"),
    "bidi override": (set_cell("note_en", "see \u202etxt.exe", row=2), FIRST + 1, "note_en", "U+202E"),
    "zero-width space": (set_cell("source_quote", "成都城镇新增就业\u200b26.44万人"), FIRST, "source_quote", "U+200B"),
    "line break in a label": (set_cell("label_en", "New urban\r\njobs"), FIRST, "label_en", "U+000D"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_figures_file_is_refused_with_its_location(capsys, data_copy, case):
    edit, line, column, message = CASES[case]
    path = data_copy / "figures.csv"
    rewrite(path, edit)
    code, output = run_validate(capsys, data_copy)
    assert code == 1
    assert f"figures.csv:{line}: column '{column}'" in output
    assert message in output
    assert "Traceback" not in output


def test_missing_column(capsys, data_copy):
    path = data_copy / "figures.csv"
    rewrite(path, lambda rows: [row.pop(rows[0].index("unit")) for row in rows[::-1]])
    code, output = run_validate(capsys, data_copy)
    assert code == 1 and "figures.csv:1: column 'unit' missing column" in output


def test_not_utf8(capsys, data_copy):
    path = data_copy / "figures.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    code, output = run_validate(capsys, data_copy)
    assert code == 1 and "figures.csv:2:" in output and "not UTF-8" in output


def test_empty_file(capsys, data_copy):
    (data_copy / "figures.csv").write_text("")
    code, output = run_validate(capsys, data_copy)
    assert code == 1 and "figures.csv:1: the file is empty" in output


def test_all_problems_are_reported_at_once(data_copy):
    path = data_copy / "figures.csv"
    rewrite(path, set_cell("area", "housing", row=3))
    rewrite(path, set_cell("value", "abc", row=7))
    with pytest.raises(DataError) as caught:
        validate(data_copy)
    lines = {p.line for p in caught.value.problems}
    assert {FIRST + 2, FIRST + 6} <= lines
    assert caught.value.report().startswith(f"{len(caught.value.problems)} problem")


def test_chart_with_mixed_units_is_refused(data_copy):
    rewrite(data_copy / "charts.csv", set_cell("figures", "jobs_new_urban jobs_aid_services"))
    with pytest.raises(DataError, match="cannot share an axis"):
        validate(data_copy)


def test_pale_area_colour_is_refused(capsys, data_copy):
    rewrite(data_copy / "areas.csv", set_cell("color", "#E69F00", row=5))  # Okabe-Ito orange: 2.3:1 on white
    code, output = run_validate(capsys, data_copy)
    assert code == 1
    assert f"areas.csv:{FIRST + 4}: column 'color'" in output and "too pale" in output


def test_validate_accepts_the_real_data(capsys):
    code, output = run_validate(capsys, "data/figures.csv")
    assert code == 0 and f"{figure_rows()} figures" in output


def test_app_refuses_to_start_on_bad_data(data_copy):
    rewrite(data_copy / "figures.csv", set_cell("value", "x"))
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "--data-dir", str(data_copy), "serve", "--port", "0"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert "figures.csv:2: column 'value'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_hidden_character_in_a_reference_file_is_refused_too(capsys, data_copy):
    rewrite(data_copy / "topics.csv", set_cell("label_zh", "就业\u200d服务"))
    code, output = run_validate(capsys, data_copy)
    assert code == 1 and f"{data_copy / 'topics.csv'}:{FIRST}: column 'label_zh' holds an invisible" in output
