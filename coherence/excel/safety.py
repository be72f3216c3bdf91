"""Checks run on any workbook a user gives us, before a spreadsheet parser sees it.

An .xlsx file is a zip of XML parts. A hostile or broken one can be huge, unpack to
gigabytes (zip bomb), declare XML entities that expand exponentially ("billion
laughs"), place one cell so far away that a reader builds a grid of billions of
cells, or not be a zip at all. :func:`check_xlsx` refuses all of these with a
one-line :class:`~coherence.errors.UserError`; every reader of workbooks calls it first.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError
from ..i18n import _
from .values import shorten

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

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


# The form every spreadsheet program writes (Excel, LibreOffice, openpyxl): the reference
# as the first attribute. One pass finds each cell tag with its reference in that place;
# a cell tag in any other form (no reference, or the reference later) leaves the groups
# empty and sends the sheet through the thorough pass below.
_USUAL_CELL = re.compile(_TAG + rb'c(?:\s+r="([A-Z]{1,3})(\d{1,9})"|(?=[\s/>]))')


def sheet_extent(xml: bytes) -> tuple[int, int]:
    """(rows, columns) of the grid a reader would build for this worksheet XML.

    Cells without an ``r`` reference are placed one after another by readers; when
    there are any, the bound counts every cell and row element instead.
    """
    usual = _USUAL_CELL.findall(xml)
    letters = {c for c, _r in usual}
    if b"" not in letters:
        return max(map(int, {r for _c, r in usual}), default=0), max(map(_column_number, letters), default=0)
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
    # Look only where a "!" is: memchr finds the few there are (sheet references in
    # formulas and validations) far faster than a search for "<!" through every tag.
    at = data.find(b"!")
    for _seen in range(64):
        if at < 0:
            return None
        if at and data[at - 1] == 0x3C:  # "<!": a declaration, a comment or CDATA
            break
        at = data.find(b"!", at + 1)
    for marker in _DTD_MARKERS:
        if marker in data:
            return marker
    return None


def _check_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, max_cells: int = 0) -> bytes:
    """Read one XML part through (CRC and true size checked); refuse DTDs and huge grids.

    With ``max_cells``, the part may be a worksheet, whose used area must stay below it.
    Returns the unpacked part.
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
    return data


def _check_other(zf: zipfile.ZipFile, info: zipfile.ZipInfo, keep: bool) -> bytes | int:
    """Read a binary part through (so its CRC and true size are checked).

    Returns the part when ``keep``, else only its size (a large image need not be held).
    """
    size = 0
    chunks = []
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            size += len(chunk)
            if keep:
                chunks.append(chunk)
    return b"".join(chunks) if keep else size


def check_xlsx(
    path: str | Path, max_bytes: int = MAX_BYTES, max_unpacked: int = MAX_UNPACKED, max_cells: int = MAX_CELLS
) -> None:
    """Refuse anything but a sane .xlsx file (UserError naming the file and the reason)."""
    _checked_parts(Path(path), max_bytes, max_unpacked, max_cells, keep=False)


# Workbooks whose parts unpack to at most this are handed to the reader from memory.
IN_MEMORY = 64 * 1024 * 1024


def open_workbook(path: str | Path) -> CalamineWorkbook:
    """Check ``path`` (as :func:`check_xlsx`), then open it with calamine.

    The reader is given the parts this check unpacked, as an uncompressed zip in
    memory: it parses exactly the bytes that were checked (the file cannot change in
    between, and a part whose true size is larger than declared is cut where the
    check stopped), and it does not inflate them a second time, which took calamine
    about 1 ms of the 2 ms it spends on a questionnaire. Very large workbooks are
    read from the file instead, so as not to hold them twice.
    """
    from python_calamine import CalamineWorkbook

    path = Path(path)
    parts = _checked_parts(path, MAX_BYTES, MAX_UNPACKED, MAX_CELLS, keep=True)
    try:
        if parts is None:
            return CalamineWorkbook.from_path(str(path))
        return CalamineWorkbook.from_filelike(io.BytesIO(_stored_zip(parts)))
    except Exception as exc:  # calamine's own error types
        raise UserError(_("cannot read the workbook: {reason}").format(reason=shorten(exc)), file=path) from None


def _stored_zip(parts: list[tuple[str, bytes]]) -> bytes:
    """The parts as a zip archive without compression."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts:
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def _checked_parts(
    path: Path, max_bytes: int, max_unpacked: int, max_cells: int, keep: bool
) -> list[tuple[str, bytes]] | None:
    """Every check of :func:`check_xlsx`; with ``keep``, the unpacked parts (None if they
    would be more than :data:`IN_MEMORY`)."""
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
            if len(names) < len(infos):  # two readers could each take a different one
                seen: set[str] = set()
                twice = next(info.filename for info in infos if info.filename in seen or seen.add(info.filename))
                raise UserError(_("refused: the archive holds two parts named {member}").format(member=twice), file=path)
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise UserError(_("not an Excel workbook (.xlsx): no workbook inside the zip archive"), file=path)
            keep = keep and declared <= IN_MEMORY
            parts: list[tuple[str, bytes]] = []
            unpacked = 0
            for info in infos:
                if info.is_dir():
                    continue
                if info.flag_bits & 0x1:
                    raise UserError(_("refused: encrypted part {member}").format(member=info.filename), file=path)
                lower = info.filename.lower()
                if lower.endswith((".xml", ".rels")):
                    # Every XML part is bounded, not only those under xl/worksheets/: the
                    # workbook's relationships may place a worksheet at any path, and
                    # readers follow them there.
                    data = _check_xml(zf, info, path, max_cells if lower.endswith(".xml") else 0)
                else:
                    data = _check_other(zf, info, keep)
                unpacked += data if isinstance(data, int) else len(data)
                if unpacked > max_unpacked:  # cannot happen when sizes are honest; zipfile checks them
                    raise UserError(_("refused: the workbook unpacks to more than {limit}").format(limit=_size(max_unpacked)), file=path)
                if keep:
                    parts.append((info.filename, data))  # type: ignore[arg-type]
            return parts if keep else None
    except UserError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise UserError(_("not a valid .xlsx file (damaged zip archive: {reason})").format(reason=exc), file=path) from None
    except OSError as exc:
        raise UserError(_("cannot read: {reason}").format(reason=exc.strerror or exc), file=path) from None
