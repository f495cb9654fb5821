"""Fuzzing: whatever the bytes and the name, a reader returns a Document or raises InputError."""

import io
import zipfile

from extract_fixtures import CORPUS, make_pdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.errors import InputError
from gongkai.extract import Document, read_document

SUFFIXES = [".txt", ".html", ".htm", ".docx", ".pdf", ""]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read(tmp_path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        document = read_document(path)
    except InputError as error:
        assert error.place == str(path) and error.message
    else:
        assert isinstance(document, Document)
        "\n".join(line.text for line in document.lines).encode("utf-8")  # no lone surrogates


def _samples() -> list[bytes]:
    samples = [make_pdf([[(72, 72, "Row 1"), (300, 72, "2")]]), _docx()]
    huaian = CORPUS / "cases" / "huaian-city-2024" / "report.pdf"
    if huaian.is_file():
        samples.append(huaian.read_bytes())
    samples.append('<meta charset="gbk"><table><tr><td rowspan="2">年度</td><td>3</td></tr></table>'.encode("gbk"))
    return samples


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("年度报告")
    document.add_table(rows=2, cols=2).cell(0, 0).merge(document.tables[0].cell(1, 0)).text = "规章"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SAMPLES = _samples()


@FUZZ
@given(data=st.binary(min_size=0, max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(tmp_path, data, suffix):
    _read(tmp_path, data, suffix)


@FUZZ
@given(text=st.text(max_size=500), encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]),
       suffix=st.sampled_from([".txt", ".html"]))
def test_random_text(tmp_path, text, encoding, suffix):
    _read(tmp_path, text.encode(encoding, errors="replace"), suffix)


@FUZZ
@given(markup=st.lists(st.sampled_from(
    ["<table>", "</table>", "<tr>", "</tr>", "<td>", '<td rowspan="3">', '<td colspan="0">', '<th colspan="x">',
     "</td>", "<br>", "<p>", "</p>", "<div>", "<script>", "</script>", "年度", "3,001", "&nbsp;", "<!--", "-->",
     "<?xml version='1.0' encoding='gbk'?>", "\x00", "\x1b", "\ufffe"]), max_size=60))
def test_random_markup(tmp_path, markup):
    _read(tmp_path, "".join(markup).encode("utf-8", errors="surrogatepass"), ".html")


@FUZZ
@given(sample=st.sampled_from(SAMPLES), data=st.data())
def test_damaged_real_files(tmp_path, sample, data):
    cut = data.draw(st.integers(min_value=1, max_value=len(sample)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(sample) - 1), st.integers(0, 255)), max_size=8))
    damaged = bytearray(sample[:cut])
    for position, value in flips:
        if position < len(damaged):
            damaged[position] = value
    suffix = data.draw(st.sampled_from(SUFFIXES))
    _read(tmp_path, bytes(damaged), suffix)


def test_docx_members_damaged(tmp_path):
    """Each part of a DOCX replaced by junk in turn: python-docx fails in many ways, all reported alike."""
    original = _docx()
    names = zipfile.ZipFile(io.BytesIO(original)).namelist()
    for victim in names:
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(buffer, "w") as target:
            for name in names:
                target.writestr(name, b"\x00junk<" if name == victim else source.read(name))
        _read(tmp_path, buffer.getvalue(), ".docx")
