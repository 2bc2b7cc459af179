"""The PDF handout read back with poppler: every figure of the view and the citation in its text, CJK fonts
embedded, A4, title and language set, page numbers; from the HTTP route, the CLI and inside the ZIP pack."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zipfile

import pytest

from conftest import DATA


def rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def poppler(tool: str, pdf: bytes, *args: str) -> str:
    return subprocess.run([tool, *args, "-", "-"] if tool == "pdftotext" else [tool, *args, "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode("utf-8")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def handouts(render, tmp_path_factory):
    """The jobs tab's handout in both languages (charts drawn into a cache of their own)."""
    from dashboard.data.dataset import load
    from dashboard.publish.handout import handout_pdf
    from dashboard.view.state import View

    data = load(DATA)
    return {lang: handout_pdf(data, View(tab="jobs", lang=lang), "https://data.example.cn/?tab=jobs")
            for lang in ("zh", "en")}


def test_the_text_holds_every_figure_of_the_view_and_the_citation(handouts):
    text = flat(poppler("pdftotext", handouts["zh"], "-raw"))  # in the order written, not read across columns
    jobs = [row for row in rows("figures.csv") if row["area"] == "jobs"]
    assert len(jobs) >= 10
    for row in jobs:
        assert flat(row["label_zh"]) in text and row["value"] in text, row["id"]
        assert flat(row["source_quote"]) in text, row["id"]  # the table gives each figure's source text
    hrss = next(row for row in rows("sources.csv") if row["id"] == "chengdu_hrss")
    assert flat(f"{hrss['name_zh']}. {hrss['title_zh']}[N].") in text  # GB/T 7714, as the cover gives it
    english = flat(poppler("pdftotext", handouts["en"], "-raw"))
    assert flat(f"{hrss['name_en']}.") in english and flat(hrss["title_en"]) in english
    for row in jobs:
        assert flat(row["label_en"]) in english, row["id"]


def test_every_page_is_numbered_of_the_whole(handouts):
    for lang, words in (("zh", "第{n}页/共{m}页"), ("en", "Page{n}of{m}")):
        pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", handouts[lang])).group(1))
        assert pages >= 3
        text = poppler("pdftotext", handouts[lang])
        for n, page in enumerate(text.split("\f")[:pages], start=1):
            assert words.format(n=n, m=pages) in flat(page), (lang, n)


def test_fonts_are_embedded_and_the_page_is_a4_with_title_and_language(handouts):
    for lang, title, code in (("zh", "成都市2023年就业工作成果", b"/Lang (zh-CN)"), ("en", "Chengdu 2023: results in jobs", b"/Lang (en)")):
        info = poppler("pdfinfo", handouts[lang])
        assert re.search(r"Page size:\s+594\.\d+ x 841\.\d+ pts \(A4\)", info), info
        assert re.search(rf"Title:\s+{re.escape(title)}\n", info), info
        assert code in handouts[lang]
        fonts = poppler("pdffonts", handouts[lang]).splitlines()[2:]
        assert fonts, "no fonts"
        # Columns: name, type (may be two words), encoding, emb, sub, uni, object id: emb is the 5th from the end.
        assert all(line.split()[-5] == "yes" for line in fonts), fonts
    # The Chinese text comes back as characters: the embedded fonts carry the CJK glyphs and their Unicode map.
    assert "城镇新增就业" in poppler("pdftotext", handouts["zh"])


def test_the_route_the_cli_and_the_pack_give_the_handout(render, tmp_path):
    from dashboard.app import create_app
    from dashboard.cli import main

    client = create_app(DATA, first_paint_svg=False).server.test_client()
    response = client.get("/export/handout.pdf?tab=labor_relations&lang=en")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "handout.pdf" in response.headers["Content-Disposition"]
    assert "Labour" in poppler("pdftotext", response.data) or "labour" in poppler("pdftotext", response.data)
    bad = client.get("/export/handout.pdf?tab=nowhere")
    assert bad.status_code == 400 and bad.get_json()["problems"]
    assert main(["--data-dir", str(DATA), "export", "--view", "tab=labor_relations", "--handout", "--out",
                 str(tmp_path)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["chengdu-2023-labor-relations-handout.pdf"]


def test_the_zip_pack_holds_the_handout(render):
    from dashboard.exports.pack import briefing_pack
    from dashboard.data.dataset import load
    from dashboard.view.state import View

    files = briefing_pack(load(DATA), View(tab="labor_relations"))
    (pack,) = [content for name, content in files.items() if name.endswith(".zip")]
    names = zipfile.ZipFile(io.BytesIO(pack)).namelist()
    assert "chengdu-2023-labor-relations-handout.pdf" in names
    pdf = zipfile.ZipFile(io.BytesIO(pack)).read("chengdu-2023-labor-relations-handout.pdf")
    assert pdf.startswith(b"%PDF") and "劳动关系" in poppler("pdftotext", pdf)
