"""Formats copied from a process's prototypes are the formats ``Workbook.add_format`` makes, workbook by workbook."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook
from xlsxwriter.workbook import Workbook

from reporting.xlsx import write as xlsx_write
from reporting.xlsx.write import MINUS, Formats, new_workbook


def _styled(minus: str, words: list[str]) -> bytes:
    """A workbook using every format of a ``Formats``, a status word's and a legend's."""
    packed = io.BytesIO()
    wb = new_workbook(packed, in_memory=True)
    fmt = Formats(wb, minus=minus)
    tkr = fmt.for_unit("tkr")
    ws = wb.add_worksheet("Blad")
    used = [value for value in vars(fmt).values() if type(value).__name__ == "Format"] + [tkr.mkr, tkr.mkr_bold]
    used += [fmt.status(word) for word in words] + [fmt.legend("#C6EFCE", "#006100")]
    for row, style in enumerate(used):
        ws.write_number(row, 0, -1234.5, style)
    wb.close()
    return packed.getvalue()


def _styles(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("xl/styles.xml")


@pytest.mark.parametrize("minus", ["-", MINUS])
def test_copied_formats_give_the_styles_add_format_gives(monkeypatch, minus):
    words = ["Uppfyllt", "Ej uppfyllt", "okänt ord"]
    copied = [_styled(minus, words) for _ in range(3)]  # the first makes the prototypes, the others copy them
    monkeypatch.setattr(xlsx_write, "add_format", lambda wb, properties: wb.add_format(properties))
    made = _styled(minus, words)
    assert {_styles(data) for data in copied} == {_styles(made)}
    assert b'applyNumberFormat="1"' in _styles(made) and b"<fills" in _styles(made)


def test_each_workbook_has_its_own_formats(monkeypatch):
    """Closing a workbook reassigns its formats' fills and indices; another workbook's copies keep their own."""
    first_fmt = Formats(first := new_workbook(io.BytesIO(), in_memory=True))
    second_fmt = Formats(second := new_workbook(io.BytesIO(), in_memory=True))
    assert first_fmt.input_text is not second_fmt.input_text
    assert first_fmt.input_text.xf_format_indices is first.xf_format_indices
    assert second_fmt.input_text.xf_format_indices is second.xf_format_indices
    ws = first.add_worksheet("Blad")
    ws.write_string(0, 0, "gul", first_fmt.input_text)
    first.close()
    assert first_fmt.input_text.xf_index == 1 and first_fmt.input_text.pattern == 1
    assert second_fmt.input_text.xf_index is None and second_fmt.input_text.pattern == 0
    assert second.xf_format_indices == {}


def test_a_status_word_s_colour_reads_back(tmp_path):
    path = tmp_path / "status.xlsx"
    wb = new_workbook(str(path))
    fmt = Formats(wb, minus=MINUS)
    ws = wb.add_worksheet("Blad")
    for row, word in enumerate(["Uppfyllt", "Ej uppfyllt"]):
        ws.write_string(row, 0, word, fmt.status(word))
    ws.write_number(2, 0, -5, fmt.mkr)
    wb.close()
    sheet = load_workbook(path)["Blad"]
    assert sheet["A1"].fill.fgColor.rgb == "FFC6EFCE" and sheet["A1"].font.color.rgb == "FF006100"
    assert sheet["A2"].fill.fgColor.rgb == "FFFFC7CE" and sheet["A2"].font.b
    assert sheet["A3"].number_format == '#,##0.0;[Red]"−"#,##0.0;"–"'


def _one_format(properties: dict[str, Any], defaults: dict[str, Any] | None = None, ours: bool = True) -> bytes:
    """styles.xml of a workbook with one format, copied from a prototype (``ours``) or made by xlsxwriter."""
    packed = io.BytesIO()
    options = {"in_memory": True} | ({"default_format_properties": defaults} if defaults else {})
    wb = Workbook(packed, options)
    style = xlsx_write.add_format(wb, properties) if ours else wb.add_format(properties)
    wb.add_worksheet("Blad").write_number(0, 0, 1.5, style)
    wb.close()
    return _styles(packed.getvalue())


@pytest.mark.parametrize(
    ("properties", "defaults"),
    [({"font_size": 10}, None), ({"font_size": 10.0}, None), ({"bold": True}, {"font_size": 9}), ({"bold": 1}, None)],
)
def test_a_prototype_is_one_per_properties_types_and_workbook_defaults(properties, defaults):
    """10 and 10.0 (or True and 1) are equal but write different XML; a workbook's defaults are part of a format."""
    for earlier in ({"font_size": 10}, {"font_size": 10.0}, {"bold": True}, {"bold": 1}):  # prototypes made first
        _one_format(earlier)
    assert _one_format(properties, defaults) == _one_format(properties, defaults, ours=False)
