"""xlsxwriter's packager, with each shared string's XML written once per process instead of once per workbook.

Writing a thousand unit templates writes the same shared strings (headers, the plan's
rows, instructions) a thousand times, and escaping them was an eighth of a template's
time. This packager keeps each string's ``<si>`` element as xlsxwriter wrote it the
first time, so every file is byte for byte the one xlsxwriter's own packager makes
(tests/test_xlsx_packing.py compares them).
"""

from __future__ import annotations

import io

from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.workbook import Workbook

MOST_KEPT = 50_000  # strings kept per process; when full the cache starts again (a report's one-off comments)

_si: dict[str, str] = {}  # a string -> its <si> element


class CachingPackager(Packager):
    """A ``Packager`` whose sharedStrings.xml reuses the ``<si>`` elements written before in this process."""

    def _write_shared_strings_file(self) -> None:
        table = self.workbook.str_table
        if not table.count:
            return
        sst = SharedStrings()
        sst.string_table = table
        sst._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        sst._xml_declaration()
        sst._write_sst()
        sst.fh.write("".join([_si.get(text) or _element(text) for text in table.string_array]))
        sst._xml_end_tag("sst")
        sst._xml_close()


def _element(text: str) -> str:
    """The ``<si>`` element xlsxwriter writes for ``text``, kept."""
    writer = SharedStrings()
    writer._set_xml_writer(io.StringIO())
    writer._write_si(text)
    if len(_si) >= MOST_KEPT:
        _si.clear()
    element = _si[text] = writer.fh.getvalue()
    return element


class CachingWorkbook(Workbook):
    """An xlsxwriter ``Workbook`` packed by ``CachingPackager`` (xlsxwriter's hook for another packager)."""

    def _get_packager(self) -> Packager:
        return CachingPackager()
