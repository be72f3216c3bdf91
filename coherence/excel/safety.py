"""Checks run on any workbook a user gives us, before a spreadsheet parser sees it.

An .xlsx file is a zip of XML parts. A hostile or broken one can be huge, unpack to
gigabytes (zip bomb), declare XML entities that expand exponentially ("billion
laughs"), place one cell so far away that a reader builds a grid of billions of
cells, or not be a zip at all. :func:`check_xlsx` refuses all of these with a
one-line :class:`~coherence.errors.UserError`; every reader of workbooks calls it first.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path


from ..errors import UserError
from ..i18n import _

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_CELLS = 2_000_000  # used area of one worksheet, rows x columns
_CHUNK = 1 << 20
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted .xlsx


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{max(1, round(n / 1024))} KB"


# A workbook never needs a DTD; a DTD is how entity-expansion bombs ("billion laughs")
# and external entities get in. Parts are scanned for one in their own encoding.
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_DTD_KIND = {b"<!DOCTYPE": "DTDForbidden", b"<!ENTITY": "EntitiesForbidden"}

# Cell and row references in worksheet XML. A reader builds a dense grid from the first
# to the last cell, so one cell at XFD1048576 would ask for billions of cells.
_TAG = rb"<(?:[A-Za-z_][\w.-]*:)?"
# Every cell tag, with its reference when it has one (empty groups when it has none):
# one pass over the sheet.
_CELL = re.compile(_TAG + rb"c(?=[\s/>])(?:\s[^>]*?(?<=\s)r\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d{1,9}))?")
_ROW_TAG = re.compile(_TAG + rb"row[\s/>]")
_ROW_REF = re.compile(_TAG + rb"row\s[^>]*?(?<=\s)r\s*=\s*[\"'](\d{1,9})")


def _column_number(letters: bytes) -> int:
    col = 0
    for letter in letters.upper():
        col = col * 26 + letter - 64
    return col


def sheet_extent(xml: bytes) -> tuple[int, int]:
    """(rows, columns) of the grid a reader would build for this worksheet XML.

    Cells without an ``r`` reference are placed one after another by readers; when
    there are any, the bound counts every cell and row element instead.
    """
    cells = _CELL.findall(xml)
    letters = {c for c, _r in cells}
    numbers = {r for _c, r in cells}
    unreferenced = b"" in letters
    letters.discard(b"")
    numbers.discard(b"")
    rows = max(map(int, numbers), default=0)
    cols = max(map(_column_number, letters), default=0)
    if unreferenced:
        row_count = len(_ROW_TAG.findall(xml))
        row_max = max(map(int, _ROW_REF.findall(xml)), default=0)
        rows = max(rows, row_count, row_max, 1)
        cols = max(cols, len(cells))
    return rows, cols


def _dtd_marker(data: bytes) -> bytes | None:
    """The DTD marker in an XML part, in UTF-8 or UTF-16 (as declared by a BOM or NULs)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return None  # not XML any reader can use; the reader reports it
    if b"<!" not in data:  # one scan settles the usual case: no declaration of any kind
        return None
    for marker in _DTD_MARKERS:
        if marker in data:
            return marker
    return None


def _check_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, max_cells: int = 0) -> int:
    """Read one XML part through (CRC and true size checked); refuse DTDs and huge grids.

    With ``max_cells``, the part is a worksheet whose used area must stay below it.
    Returns the unpacked size.
    """
    with zf.open(info) as fh:
        data = fh.read(MAX_UNPACKED + 1)
    marker = _dtd_marker(data)
    if marker is not None:
        raise UserError(
            _("refused: XML {kind} in {member} (a workbook never needs DTDs or entities)").format(
                kind=_DTD_KIND[marker], member=info.filename
            ),
            file=path,
        )
    if max_cells:
        rows, cols = sheet_extent(data)
        if rows * cols > max_cells:
            raise UserError(
                _("refused: {member} spans {rows} rows and {cols} columns, more cells than the {limit} allowed").format(
                    member=info.filename, rows=rows, cols=cols, limit=max_cells
                ),
                file=path,
            )
    return len(data)


def _check_other(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """Read a binary part through (so its CRC and true size are checked)."""
    size = 0
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            size += len(chunk)
    return size


def check_xlsx(
    path: str | Path, max_bytes: int = MAX_BYTES, max_unpacked: int = MAX_UNPACKED, max_cells: int = MAX_CELLS
) -> None:
    """Refuse anything but a sane .xlsx file (UserError naming the file and the reason)."""
    path = Path(path)
    try:
        if not path.is_file():
            raise UserError(_("no such file") if not path.exists() else _("not a file"), file=path)
        size = path.stat().st_size
        if size > max_bytes:
            raise UserError(
                _("refused: the file is {size}, more than the {limit} allowed").format(size=_size(size), limit=_size(max_bytes)),
                file=path,
            )
        with path.open("rb") as fh:
            magic = fh.read(8)
    except OSError as exc:
        raise UserError(_("cannot read: {reason}").format(reason=exc.strerror or exc), file=path) from None
    if magic == _OLE_MAGIC:
        raise UserError(
            _("not an .xlsx workbook: an old .xls file or a password-protected workbook; save it as .xlsx without a password"),
            file=path,
        )
    if not magic.startswith(b"PK"):
        raise UserError(_("not an Excel workbook (.xlsx): the file is not a zip archive"), file=path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise UserError(_("refused: the archive holds {n} parts").format(n=len(infos)), file=path)
            declared = sum(info.file_size for info in infos)
            if declared > max_unpacked:
                raise UserError(
                    _("refused: the workbook unpacks to {size}, more than the {limit} allowed").format(
                        size=_size(declared), limit=_size(max_unpacked)
                    ),
                    file=path,
                )
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise UserError(_("not an Excel workbook (.xlsx): no workbook inside the zip archive"), file=path)
            unpacked = 0
            for info in infos:
                if info.is_dir():
                    continue
                if info.flag_bits & 0x1:
                    raise UserError(_("refused: encrypted part {member}").format(member=info.filename), file=path)
                lower = info.filename.lower()
                if lower.endswith((".xml", ".rels")):
                    is_sheet = lower.startswith("xl/worksheets/") and lower.count("/") == 2
                    unpacked += _check_xml(zf, info, path, max_cells if is_sheet else 0)
                else:
                    unpacked += _check_other(zf, info)
                if unpacked > max_unpacked:  # cannot happen when sizes are honest; zipfile checks them
                    raise UserError(_("refused: the workbook unpacks to more than {limit}").format(limit=_size(max_unpacked)), file=path)
    except UserError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise UserError(_("not a valid .xlsx file (damaged zip archive: {reason})").format(reason=exc), file=path) from None
    except OSError as exc:
        raise UserError(_("cannot read: {reason}").format(reason=exc.strerror or exc), file=path) from None
