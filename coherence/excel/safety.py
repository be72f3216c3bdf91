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

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

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


class _Discard:
    """A parser target that keeps nothing: the XML is checked, not stored."""

    def close(self) -> None:
        return None


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


class _Extent(_Discard):
    """Track the last row and column used by a worksheet's cells.

    Spreadsheet readers build a dense grid from A1 (or the first cell) to the last
    cell, so one cell at XFD1048576 would ask for billions of cells.
    """

    def __init__(self) -> None:
        self.rows = 0
        self.cols = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag.endswith("}c"):
            match = _REF.match(attrib.get("r", ""))
            if match:
                col = 0
                for letter in match.group(1).upper():
                    col = col * 26 + ord(letter) - 64
                self.cols = max(self.cols, col)
                self.rows = max(self.rows, int(match.group(2)))
        elif tag.endswith("}row"):
            number = attrib.get("r", "")
            if number.isdigit():
                self.rows = max(self.rows, int(number))


def _check_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, max_cells: int = 0) -> int:
    """Parse one XML part with DTDs forbidden; return its unpacked size.

    With ``max_cells``, the part is a worksheet whose used area must stay below it.
    """
    target = _Extent() if max_cells else _Discard()
    parser = DefusedXMLParser(target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    size = 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                size += len(chunk)
                parser.feed(chunk)
        parser.close()
    except DefusedXmlException as exc:
        kind = type(exc).__name__
        raise UserError(
            _("refused: XML {kind} in {member} (a workbook never needs DTDs or entities)").format(kind=kind, member=info.filename),
            file=path,
        ) from None
    except ParseError as exc:
        raise UserError(
            _("refused: XML that cannot be parsed in {member} ({reason})").format(member=info.filename, reason=exc),
            file=path,
        ) from None
    if isinstance(target, _Extent) and target.rows * target.cols > max_cells:
        raise UserError(
            _("refused: {member} spans {rows} rows and {cols} columns, more cells than the {limit} allowed").format(
                member=info.filename, rows=target.rows, cols=target.cols, limit=max_cells
            ),
            file=path,
        )
    return size


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
