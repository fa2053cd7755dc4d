"""Worksheet XML for the scanner tests: one small fixed sheet and random ones from the writers' grammar."""

from __future__ import annotations

import random

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRINGS = ["Id", "Mål", "a &amp; b", "&lt;tag&gt;", "rad&#10;två", "x", "", "Enhet 7", "🙂", "slut"]

SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<worksheet xmlns="{NS}"><dimension ref="A1:C2"/><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>in</t></is></c><c r="C2"><f>B1*2</f><v>2</v></c></row>'
    '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    "</worksheet>"
).encode()

TEXTS = ["plain", "å ä ö", "a &amp; b", "&lt;x&gt;", "&quot;q&quot; &apos;a&apos;", "rad&#10;två", "&#x41;&#66;",
         "cr\r\nlf\rx", "  space  ", "🙂 emoji", "a > b", "", "tab\there", "&#13;&#x9;"]  # fmt: skip
NUMBERS = ["0", "1", "-2", "3.25", "-0", "1e5", "2.5E-3", "45000", "0.1"]
FORMULAS = ["SUM(A1:A3)", "A1&amp;&quot;x&quot;", "IF(A1&gt;0,1,2)", "'Ekonomi'!B2*2"]


def _attrs(rng: random.Random, pairs: list[tuple[str, str]]) -> str:
    """Attributes in random order, with random quotes and whitespace."""
    rng.shuffle(pairs)
    out = ""
    for name, value in pairs:
        quote = rng.choice(['"', '"', "'"])
        out += rng.choice([" ", " ", "\n  ", "\t", "  "]) + f"{name}={quote}{value}{quote}"
    return out + rng.choice(["", "", " ", "\n"])


def _space(rng: random.Random) -> str:
    return rng.choice(["", "", "", "\n", "\n  ", " "])


def _column(index: int) -> str:
    name = ""
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cell(rng: random.Random, col: int, row: int, shared: list[str]) -> str:
    ref = f"{_column(col)}{row}"
    pairs = [("r", ref)] if rng.random() < 0.9 else []
    if rng.random() < 0.6:
        pairs.append(("s", str(rng.randint(0, 5))))
    kind = rng.choice(["n", "n", "s", "str", "inlineStr", "b", "e", "d", "empty", "f", "shared", "array"])
    if rng.random() < 0.1:
        pairs.append(("cm", "1"))
    content = ""
    if kind == "n":
        content = f"<v>{rng.choice(NUMBERS)}</v>" if rng.random() < 0.9 else "<v/>"
    elif kind == "s":
        pairs.append(("t", "s"))
        content = f"<v>{rng.randrange(len(STRINGS))}</v>"
    elif kind == "str":
        pairs.append(("t", "str"))
        content = f"<f>{rng.choice(FORMULAS)}</f>{_space(rng)}<v>{rng.choice(TEXTS)}</v>"
    elif kind == "inlineStr":
        pairs.append(("t", "inlineStr"))
        content = _inline(rng)
    elif kind == "b":
        pairs.append(("t", "b"))
        content = f"<v>{rng.choice(['0', '1'])}</v>"
    elif kind == "e":
        pairs += [("t", "e")]
        content = "<f>1/0</f><v>#DIV/0!</v>"
    elif kind == "d":
        pairs.append(("t", "d"))
        content = "<v>2025-04-30T00:00:00</v>"
    elif kind == "f":
        content = f"<f>{rng.choice(FORMULAS)}</f>" + (f"<v>{rng.choice(NUMBERS)}</v>" if rng.random() < 0.8 else "")
    elif kind == "shared" and pairs and pairs[0][0] == "r":
        if shared and rng.random() < 0.7:
            content = f'<f t="shared" si="{rng.randrange(len(shared))}"/><v>1</v>'
        else:
            shared.append(ref)
            content = (
                f'<f t="shared" ref="{ref}:{_column(col)}{row + 5}" si="{len(shared) - 1}">AZ50*2+$B$1</f><v>2</v>'
            )
    elif kind == "array" and pairs and pairs[0][0] == "r":
        content = f'<f t="array" ref="{ref}:{ref}" aca="false">A1:A3*2</f><v>3</v>'
    if not content and rng.random() < 0.5:
        return f"<c{_attrs(rng, pairs)}/>"
    return f"<c{_attrs(rng, pairs)}>{content}</c>"


def _inline(rng: random.Random) -> str:
    if rng.random() < 0.5:
        space = ' xml:space="preserve"' if rng.random() < 0.5 else ""
        return f"<is><t{space}>{rng.choice(TEXTS)}</t></is>"
    runs = ""
    for _ in range(rng.randint(1, 3)):
        props = (
            '<rPr><b/><sz val=\'11\'/><color rgb="FF0000FF"/><rFont val="Calibri"/></rPr>' if rng.random() < 0.5 else ""
        )
        runs += f'<r>{props}<t xml:space="preserve">{rng.choice(TEXTS)}</t></r>{_space(rng)}'
    return f"<is>{_space(rng)}{runs}</is>" if rng.random() < 0.9 else "<is><t/></is>"


def _row(rng: random.Random, number: int, shared: list[str]) -> str:
    pairs = [("r", str(number))] if rng.random() < 0.9 else []
    pairs += rng.sample([("spans", "1:9"), ("ht", "42"), ("customHeight", "1"), ("x14ac:dyDescent", "0.25")], 2)
    cells, col = [], 0
    for _ in range(rng.randint(0, 9)):
        col = col + rng.choice([1, 1, 1, 2, 5]) if rng.random() < 0.93 else max(1, col - 1)
        cells.append(_space(rng) + _cell(rng, col, number, shared))
    if not cells and rng.random() < 0.5:
        return f"<row{_attrs(rng, pairs)}/>"
    return f"<row{_attrs(rng, pairs)}>{''.join(cells)}{_space(rng)}</row>"


def random_sheet(seed: int) -> bytes:
    """A worksheet as the writers make one, with every construct of the scanner's grammar drawn at random."""
    rng = random.Random(seed)
    rows, number, shared = [], 0, []
    for _ in range(rng.randint(0, 14)):
        step = rng.random()
        number = number + rng.randint(1, 3) if step < 0.8 else max(1, number - rng.randint(0, 2))
        rows.append(_space(rng) + _row(rng, number, shared))
    decl = rng.choice(['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', "", "<?xml version='1.0'?>"])
    head = (
        decl + f'<worksheet xmlns="{NS}" xmlns:r="{REL}" xmlns:x14ac="urn:x14ac">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:I10"/>'
        '<sheetViews><sheetView workbookViewId="0"><selection activeCell="C1" sqref="C1"/></sheetView></sheetViews>'
        '<cols><col min="1" max="1" width="8.7" customWidth="1"/></cols>'
    )
    data = "<sheetData/>" if not rows and rng.random() < 0.5 else f"<sheetData>{''.join(rows)}{_space(rng)}</sheetData>"
    tail = (
        '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'
        '<dataValidations count="1"><dataValidation type="decimal" allowBlank="1" error="Ange ett tal, t.ex. 4,05."'
        ' sqref="E5"><formula1>-1000</formula1><formula2>1000</formula2></dataValidation></dataValidations>'
        f"<headerFooter><oddHeader>&amp;L&amp;8Enhet {seed} · {rng.choice(TEXTS)}</oddHeader></headerFooter>"
        '<extLst><ext uri="x"><x14:dataValidations xmlns:x14="urn:x14" xmlns:xm="urn:xm"><x14:dataValidation>'
        "<xm:f>Lista!$A$1:$A$3</xm:f><xm:sqref>D5</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"
        "</worksheet>"
    )
    bom = "\ufeff" if rng.random() < 0.1 else ""
    return (bom + head + data + tail).encode()


def workbook_parts(sheet: bytes) -> dict[str, bytes]:
    """The parts FastBook needs around one worksheet named "S": workbook, relations, strings and styles."""
    strings = "".join(f"<si><t>{s}</t></si>" for s in STRINGS[:-1]) + "<si><r><t>sl</t></r><r><t>ut</t></r></si>"
    return {
        "xl/workbook.xml": f'<workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'.encode(),
        "xl/_rels/workbook.xml.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{NS}">{strings}</sst>'.encode(),
        "xl/styles.xml": f'<styleSheet xmlns="{NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/>'
        '</numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="10"/><xf numFmtId="164"/>'
        '<xf numFmtId="22"/></cellXfs></styleSheet>'.encode(),
        "xl/worksheets/sheet1.xml": sheet,
    }
