"""Packing our workbooks faster: shared strings' XML written once per process, and a quicker deflate.

Writing a thousand unit templates writes the same shared strings (headers, the plan's
rows, instructions) a thousand times, and escaping them was an eighth of a template's
time. ``CachingPackager`` keeps each string's ``<si>`` element as xlsxwriter wrote it
the first time, so every part is byte for byte the one xlsxwriter's own packager makes
(tests/test_xlsx_packing.py compares them), but for text that looks like rich text, which
it escapes (see ``_element``).

Deflating the parts at zlib's default level 6 was another eighth; level 1 costs a
third of that for files about 7 % larger. xlsxwriter has no option for the level, so
its module's ``ZipFile`` is replaced by a subclass that deflates at level 1 only while
a ``CachingWorkbook`` stores itself (in that thread); any other workbook is zipped as before.
"""

from __future__ import annotations

import io
import threading
import zipfile
from typing import Any

import xlsxwriter.workbook
from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.utility import _preserve_whitespace
from xlsxwriter.workbook import Workbook

MOST_KEPT_CHARS = 4_000_000  # text and XML kept per process; when full the cache starts again
LONGEST_KEPT = 1_000  # a longer string (a unit's long comment) is a one-off: written, not kept
QUICK = 1  # zlib level for our workbooks' parts
_si: dict[str, str] = {}  # a string -> its <si> element
_held = [0]  # characters in _si, texts and elements
_storing = threading.local()  # .ours: this thread is storing a CachingWorkbook


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
    """The ``<si>`` element for ``text`` as plain text, as xlsxwriter writes it, kept when short.

    xlsxwriter writes a string that starts with ``<r>`` and ends with ``</r>`` as raw XML (how
    rich text is stored). We write no rich text, and such a string is a
    controller's comment: written as raw XML, "<r>a & b</r>" would break the file or add XML to
    it, so every string is escaped (tests/test_xlsx_packing.py).
    """
    writer = SharedStrings()
    writer._set_xml_writer(io.StringIO())
    escaped = writer._escape_control_characters(text)
    writer._xml_si_element(escaped, [("xml:space", "preserve")] if _preserve_whitespace(escaped) else [])
    element: str = writer.fh.getvalue()
    if len(text) <= LONGEST_KEPT:
        if _held[0] + len(text) + len(element) > MOST_KEPT_CHARS:
            _si.clear()
            _held[0] = 0
        _si[text] = element
        _held[0] += len(text) + len(element)
    return element


class CachingWorkbook(Workbook):
    """An xlsxwriter ``Workbook`` packed by ``CachingPackager`` (xlsxwriter's hook for another packager), deflated quickly."""

    def _get_packager(self) -> Packager:
        return CachingPackager()

    def _store_workbook(self) -> None:
        before, _storing.ours = getattr(_storing, "ours", False), True
        try:
            super()._store_workbook()
        finally:
            _storing.ours = before


class _ZipFile(zipfile.ZipFile):
    """The zip xlsxwriter writes: each part deflated at level ``QUICK`` when it is one of our workbooks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if getattr(_storing, "ours", False):
            kwargs.setdefault("compresslevel", QUICK)  # what write() uses: the parts from temporary files
        super().__init__(*args, **kwargs)

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None) -> None:
        level = self.compresslevel if compresslevel is None else compresslevel  # a ZipInfo carries no level of ours
        super().writestr(zinfo_or_arcname, data, compress_type, level)


xlsxwriter.workbook.ZipFile = _ZipFile  # the name xlsxwriter's _store_workbook zips with
