"""Data validations of a template written once per rule: a template gives one rule to a whole column.

xlsxwriter checks and converts a validation's options on every ``data_validation`` call and
writes each one's XML attribute by attribute; a template's 150 input cells use about twenty
rules. ``add_validation`` stores a rule taken once again for the next cell as xlsxwriter would
store it (its options with this cell), and ``RuleXml`` writes a rule's XML once per sheet and
then only the cell reference changes. The file is byte for byte the one xlsxwriter writes
(tests/test_template_rule_cache.py compares them).
"""

from __future__ import annotations

import io
from typing import Any

from xlsxwriter.utility import xl_range
from xlsxwriter.worksheet import Worksheet

RULE = "_rule"  # the options' key naming their rule; xlsxwriter reads only the keys it knows


def add_validation(ws: Any, row: int, col: int, rule: dict[str, Any], taken: dict[str, dict[str, Any]]) -> None:
    """``ws.data_validation`` of one cell; ``taken`` (one per workbook) holds the rules xlsxwriter took."""
    key = repr(rule)
    options = taken.get(key)
    if options is not None:
        ws.validations.append({**options, "cells": [[row, col, row, col]]})
        return
    if ws.data_validation(row, col, row, col, rule) == 0 and ws.validations[-1]["cells"] == [[row, col, row, col]]:
        ws.validations[-1][RULE] = key
        taken[key] = ws.validations[-1]


class RuleXml(Worksheet):
    """A worksheet writing the XML of a validation rule it has written before with only the cells changed."""

    def _write_data_validation(self, options: dict[str, Any]) -> None:
        key = options.get(RULE)
        if key is None or len(options["cells"]) != 1 or options.get("multi_range"):
            super()._write_data_validation(options)
            return
        sqref = f' sqref="{xl_range(*options["cells"][0])}"'
        parts: dict[str, tuple[str, str]] = self.__dict__.setdefault("_rule_xml", {})
        if key in parts:
            head, tail = parts[key]
            self.fh.write(head + sqref + tail)
            return
        fh = self.fh
        start = fh.tell() if isinstance(fh, io.StringIO) else None  # the file is assembled in memory
        super()._write_data_validation(options)
        if start is not None:
            fh.seek(start)
            text = fh.read()  # and the position is the end again
            if text.count(sqref) == 1:
                head, tail = text.split(sqref)
                parts[key] = (head, tail)
