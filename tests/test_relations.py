"""Relations between figures: parts of a total (part_of) and ranked peer groups (rank), validated."""

import csv

import pytest

from dashboard.errors import DataError
from dashboard.data.dataset import load, validate

from conftest import DATA


def edit_figure(path, figure_id, **cells):
    """Set cells of one figure's row; returns the row's line in the file."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        if row[0] == figure_id:
            for column, value in cells.items():
                row[header.index(column)] = value
            line = number
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return line


def test_the_data_declares_its_totals_and_ranks():
    data = load(DATA)
    parts = data.figures[data.figures["part_of"] != ""]
    assert set(parts[parts["part_of"] == "talent_total"]["id"]) == {"talent_professional", "talent_skilled"}
    # 237 + 292 = 529: the two parts make the whole total exactly
    assert parts[parts["part_of"] == "talent_total"]["base_value"].sum() == data.figure("talent_total")["base_value"]
    assert set(parts[parts["part_of"] == "sp_participants_total"]["id"]) == {"sp_online_linkup", "sp_contest_participants"}
    assert data.figure("sp_subprov_cities")["rank"] == "1"
    assert data.figure("ss_pilot_cities")["rank"] == "leading"


CASES = {
    "unknown total": ("talent_skilled", {"part_of": "talent_sum"}, "is not another figure"),
    "itself": ("talent_skilled", {"part_of": "talent_skilled"}, "is not another figure"),
    "total in another area": ("talent_skilled", {"part_of": "jobs_new_urban"}, "belongs to area 'jobs'"),
    "another base unit": ("sp_contest_participants", {"part_of": "sp_total_events"}, "cannot be part of a total in 万场"),
    "a part of a part": ("sp_cloud_viewers", {"part_of": "sp_online_linkup"}, "is itself a part"),
    # 397.6万 and 397万 cannot both sit inside 近90万 (at most 900,000)
    "parts above a 近 total": ("sp_online_linkup", {"part_of": "sp_contest_participants"}, "add up to more than"),
    "not a figure at all": ("talent_skilled", {"part_of": "Talent Total"}, "part_of must be a figure id"),
    "rank outside its group": ("sp_subprov_cities", {"rank": "16"}, "outside a group of 15"),
    "rank of a non-count": ("ss_pension_rate", {"rank": "1"}, "a rank belongs to a count of peers"),
    "rank in words": ("ss_pilot_cities", {"rank": "前列"}, "rank must be a whole number"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_broken_relation_is_refused_with_its_location(data_copy, case):
    figure_id, cells, message = CASES[case]
    line = edit_figure(data_copy / "figures.csv", figure_id, **cells)
    with pytest.raises(DataError) as caught:
        validate(data_copy)
    found = [p for p in caught.value.problems if message in p.message]
    assert found, caught.value.report()
    assert any(p.file.endswith("figures.csv") and p.line == line for p in found), caught.value.report()


@pytest.mark.parametrize("total_qualifier, part_qualifier, allowed", [
    (("exact", ""), ("exact", ""), True),        # 237 + 292 = 529 exactly
    (("exact", ""), ("over", "余"), False),      # 余 parts are more than 529 together: impossible
    (("over", "超"), ("over", "余"), True),       # an open total has no ceiling
    (("nearly", "近"), ("exact", ""), False),    # 近529 is below 529
])
def test_parts_are_checked_against_the_total_with_their_qualifiers(data_copy, total_qualifier, part_qualifier,
                                                                     allowed):
    path = data_copy / "figures.csv"
    quote = {"": "", "余": "", "超": "超", "近": "近"}
    edit_figure(path, "talent_total", qualifier=total_qualifier[0], qualifier_word=total_qualifier[1],
                source_quote=f"全市专业技术、技能人才总量达{quote[total_qualifier[1]]}529万人")
    edit_figure(path, "talent_skilled", value="292", unit="万人", qualifier=part_qualifier[0],
                qualifier_word=part_qualifier[1],
                source_quote="292万余人" if part_qualifier[1] == "余" else "292万人")
    if allowed:
        validate(data_copy)
    else:
        with pytest.raises(DataError, match="add up to more than its value allows"):
            validate(data_copy)


def test_a_ranked_peer_group_is_never_a_bar(data_copy):
    path = data_copy / "charts.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows:
        if row[0] == "science_popularization_awards":
            row[-1] += " sp_subprov_cities"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(DataError, match="ranked peer group: show it as a tile"):
        validate(data_copy)
