"""The grid bound of untrusted worksheets, on the XML forms spreadsheet programs write."""

from __future__ import annotations

import pytest

from coherence.excel.safety import sheet_extent


@pytest.mark.parametrize(
    ("xml", "extent"),
    [
        (b'<row r="1"><c r="A1"/><c r="C5" t="s"><v>1</v></c></row>', (5, 3)),
        (b'<x:row><x:c r="XFD1048576"/></x:row>', (1048576, 16384)),  # prefixed tags
        (b'<c s="1"  r = \'B7\'/>', (7, 2)),  # r not first, spaces, single quotes
        (b'<cols><col min="1" max="30"/></cols><c r="AA3"/>', (3, 27)),  # <col> is not a cell
        (b'<hyperlink r:id="rId1" ref="ZZ9999"/><c r="A2"/>', (2, 1)),  # r:id is not a reference
        # cells without references are placed one after another: count them all
        (b"<row><c/><c/><c/></row><row><c/></row>", (2, 4)),
        (b'<row r="900000"><c/></row><c r="B2"/>', (900000, 2)),
    ],
)
def test_sheet_extent_bounds_the_grid_a_reader_builds(xml, extent):
    assert sheet_extent(xml) == extent
