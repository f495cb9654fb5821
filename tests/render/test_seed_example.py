"""The seed's report renders with every row label and value of its 附表, as published."""

import io
import json

import docx
import lxml.html

from gongkai.render import render
from gongkai.sheets import load_report_json


def seed_table(corpus_dir) -> dict[str, str]:
    """Printed row label (without its group prefix) → value as printed, from the hand-read truth."""
    truth = json.loads((corpus_dir / "cases" / "jiutai-district-2015" / "truth.json").read_text("utf-8"))
    return {key.split("|")[0].split("/")[-1]: str(value) for key, value in truth["cells"].items()}


def test_html_has_every_label_and_value_of_the_seed_attachment(seed_report_path, corpus_dir):
    report = load_report_json(seed_report_path)
    page = lxml.html.fromstring(render(report, "html"))
    rows = page.xpath("//table//tr")
    printed = {}
    for row in rows:
        label = row.xpath("./th[contains(@class,'label')]//text()")
        value = row.xpath("./td[@data-key]//text()")
        if label:
            printed.setdefault("".join(label).strip(), "".join(value).strip())
    for label, value in seed_table(corpus_dir).items():
        assert printed.get(label) == value, label


def test_docx_has_every_label_and_value_of_the_seed_attachment(seed_report_path, corpus_dir):
    document = docx.Document(io.BytesIO(render(load_report_json(seed_report_path), "docx")))
    printed = {}
    for table in document.tables:
        for row in table.rows:
            texts = [cell.text.strip() for cell in row.cells]
            printed.setdefault(texts[0], texts[-1])
    for label, value in seed_table(corpus_dir).items():
        assert printed.get(label) == value, label
