"""Issue 16 item 2: the workbook-level parts are read faster with the same result.

The shared strings of a plain part are split in C (``scan_strings``) and must be
exactly what the element tree gives, or None (then the tree reads them); the parts
a template shares across files (workbook, relations, styles) are read once per
process (``remembered``), never sharing a book's own lists or an exception.
"""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from reporting.xlsx import readers
from reporting.xlsx.readers import FastBook
from reporting.xlsx.safety import Package, remembered
from reporting.xlsx.shared_strings import scan_strings
from sheet_xml import NS, workbook_parts

DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def sst(items: str, decl: str = DECL, attrs: str = ' count="3" uniqueCount="2"') -> bytes:
    return f'{decl}<sst xmlns="{NS}"{attrs}>{items}</sst>'.encode()


def tree_strings(data: bytes, monkeypatch: pytest.MonkeyPatch) -> object:
    """The element tree's strings (the reference), or the exception's type."""
    with monkeypatch.context() as patch:
        patch.setattr(readers, "scan_strings", lambda _: None)
        try:
            return readers._read_strings(data)
        except Exception as error:
            return type(error).__name__


PLAIN = [
    (sst("<si><t>Nyckeltal</t></si><si><t>Åtgärd 😀</t></si>"), ["Nyckeltal", "Åtgärd 😀"]),
    (sst('<si><t xml:space="preserve">  två  ord\n\t</t></si>'), ["  två  ord\n\t"]),
    (sst('<si><t/></si><si><t></t></si><si><t xml:space="preserve"/></si>'), ["", "", ""]),
    (
        sst("<si><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &amp;lt; > ]]</t></si>"),
        ["a & b <c> \"d\" 'e' &lt; > ]]"],
    ),
    (sst("", attrs=""), []),
    (sst("<si><t>x</t></si>", decl="", attrs=""), ["x"]),
    (b"\xef\xbb\xbf" + sst("<si><t>bom</t></si>") + b"\r\n", ["bom"]),
    (sst("<si><t>\ufeffmitt\u00a0i</t></si>", decl='<?xml version="1.0" encoding="utf-8"?>'), ["\ufeffmitt\u00a0i"]),
]


@pytest.mark.parametrize("data, strings", PLAIN)
def test_a_plain_part_is_scanned_to_the_element_trees_strings(data, strings, monkeypatch):
    assert scan_strings(data) == strings
    assert tree_strings(data, monkeypatch) == strings


OTHER = [
    sst("<si><r><t>sl</t></r><r><t>ut</t></r></si>"),  # rich text
    sst('<si><t>ja</t><rPh sb="0" eb="1"><t>x</t></rPh></si>'),  # a phonetic hint
    sst("<si><t>&#229;&#x41;</t></si>"),  # character references
    sst("<si><t>rad\r\nbrytning\r</t></si>"),  # carriage returns are normalised by a parser
    sst("<si><t><![CDATA[a<b]]></t></si>"),
    sst("<si><!-- x --><t>a</t></si>"),
    sst("<si><t>a]]>b</t></si>"),  # an error in XML
    sst("<si><t>a\x01b</t></si>"),  # a character XML refuses
    sst("<si><t>&nbsp;</t></si>"),  # an unknown entity
    sst("<si><t>a & b</t></si>"),  # a bare ampersand
    sst("<si><t>a</t></si><si><t>b</t>"),  # not closed
    sst("<si><t>ok</t></si>").replace(b"<sst ", b"<x:sst xmlns:x='y' ").replace(b"</sst>", b"</x:sst>"),
    sst("<si><t>ok</t></si>", attrs=' uniqueCount="1" count="1"'),  # another order: not the writers' grammar
    sst("<si><t>ok</t></si>", decl='<?xml version="1.0" encoding="ISO-8859-1"?>'),
    sst("<si><t>ok</t></si>", decl=' <?xml version="1.0"?>'),
    b'<!DOCTYPE sst [<!ENTITY e "x">]>' + sst("<si><t>&e;</t></si>", decl=""),
    sst("<si><t>å</t></si>").replace("å".encode(), b"\xe5"),  # not UTF-8
    sst("<si><t>a</t><t>b</t></si>"),  # two texts in one item: an item holds another tag
    sst("<si><t>a</t></si> <si><t>b</t></si>"),  # space between items
    sst('<si><t>a</t></si><si><t xml:space="default">b</t></si>'),  # another attribute value
    sst("<si><t>a</t></si><si><t>b</t></si>", attrs=' count="2">x</sst><sst'),  # a second part after the first
    sst("<si><t>a\ufffeb</t></si>"),  # a character expat refuses
    sst("<si><t>a</t></si>") + b"x",  # text after the end
]


@pytest.mark.parametrize("data", OTHER)
def test_anything_else_is_left_to_the_element_tree(data, monkeypatch):
    assert scan_strings(data) is None
    reference = tree_strings(data, monkeypatch)
    if isinstance(reference, list):
        assert readers._read_strings(data) == reference
    else:
        with pytest.raises(Exception) as raised:
            readers._read_strings(data)
        assert type(raised.value).__name__ == reference


def random_item(rng: random.Random) -> str:
    alphabet = ["a", "Å", " ", "\n", "\t", "\r", ">", "]", "]]>", "<", "&", '"', "'", "\x07", "😀", "\ufffe"]
    alphabet += ['xml:space="preserve">', "t/>", "</t></si><si><t>"]  # text like the tags scan_strings rewrites
    entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#65;", "&bogus;"]
    text = "".join(rng.choice(alphabet if rng.random() < 0.8 else entities) for _ in range(rng.randint(0, 6)))
    if rng.random() < 0.7:  # mostly escaped as a writer does
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace("&amp;amp;", "&amp;")
    tag = rng.choice(
        [
            "<t>{}</t>",
            '<t xml:space="preserve">{}</t>',
            "<t/>",
            '<t xml:space="preserve"/>',
            "<r><t>{}</t></r>",
            "<t>{}</t >",
        ]
    )
    return f"<si>{tag.format(text)}</si>"


def test_random_parts_are_scanned_exactly_or_left_to_the_tree(monkeypatch):
    rng = random.Random(16)
    scanned = 0
    for _ in range(1500):
        data = sst("".join(random_item(rng) for _ in range(rng.randint(0, 4))))
        fast = scan_strings(data)
        if fast is not None:
            scanned += 1
            assert fast == tree_strings(data, monkeypatch), data
    assert scanned >= 150  # the scanner really read a share of them


def test_a_shared_part_is_read_once_and_an_error_never_kept():
    calls: list[bytes] = []

    def read(data: bytes) -> tuple[str, ...]:
        calls.append(data)
        if data == b"broken":
            raise ValueError("broken")
        return (data.decode(),)

    first = remembered(read, b"<part>16</part>")
    assert remembered(read, b"<part>16</part>") is first == ("<part>16</part>",)
    assert len(calls) == 1
    for _ in range(2):
        with pytest.raises(ValueError):
            remembered(read, b"broken")
    assert len(calls) == 3


def book(parts: dict[str, bytes]) -> FastBook:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return FastBook(Package(zipfile.ZipFile(io.BytesIO(buffer.getvalue()))))


def test_books_of_one_template_share_nothing_they_could_change():
    parts = workbook_parts(b'<worksheet xmlns="%s"><sheetData/></worksheet>' % NS.encode())
    first, second = book(parts), book(parts)
    assert first.formats == second.formats == ["General", "mm-dd-yy", "0.00%", "0.0", "m/d/yy h:mm"]
    first.formats.append("x")
    first.sheetnames.append("y")
    first.paths["S"] = "elsewhere"
    first.defined_names["n"] = []
    third = book(parts)
    assert (third.formats, third.sheetnames, third.paths, third.defined_names) == (
        ["General", "mm-dd-yy", "0.00%", "0.0", "m/d/yy h:mm"],
        ["S"],
        {"S": "xl/worksheets/sheet1.xml"},
        {},
    )


def test_broken_styles_refuse_the_book_as_the_careful_reader_does():
    """A styles part that cannot be read is not read as "General" for every cell (percentages would change)."""
    parts = workbook_parts(b'<worksheet xmlns="%s"><sheetData/></worksheet>' % NS.encode())
    parts["xl/styles.xml"] = f'<styleSheet xmlns="{NS}"><cellXfs><xf numFmtId="14"/><xf numFmtId="x"/>'.encode()
    parts["xl/styles.xml"] += b"</cellXfs></styleSheet>"
    with pytest.raises(ValueError):
        book(parts)
