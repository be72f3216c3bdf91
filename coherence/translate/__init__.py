"""Pack content in other languages (DESIGN §6).

- :func:`localize` gives a copy of a pack with every text that has a current
  translation replaced by it (the others stay in the source language);
- :func:`translation_report` lists the texts that fell back to the source, so a
  user interface can say so;
- :mod:`.catalogs` (PO files: extract, update, status), :mod:`.sheets` (the same
  through a spreadsheet), :mod:`.cli` (``coherence translate ...``), :mod:`.ui`
  (the gettext catalogs of interface strings).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .catalogs import TRANSLATED, catalog_signature, load_entries, po_path, state_of
from .fields import map_texts, pack_entries

if TYPE_CHECKING:  # packs are only passed in: the catalogs can be read without pydantic
    from ..models import Pack

__all__ = ["Fallback", "localize", "translation_report", "pack_entries"]


def _source_of(pack: Pack) -> Pack:
    """The pack in its source language (a translated copy is reloaded from its directory)."""
    if pack.language == pack.source_language or pack.path is None:
        return pack
    from ..packs import load_pack

    return load_pack(pack.path)


_CACHE: dict[tuple, tuple[Pack, Pack]] = {}
_CACHE_SIZE = 32


def localize(pack: Pack, lang: str | None) -> Pack:
    """A copy of ``pack`` in ``lang``: translated texts where the catalog is current.

    A text is replaced only by a non-fuzzy translation whose msgid equals the current
    source text; stale, fuzzy and missing translations leave the source text. The copy
    has ``language = lang``. A catalog with a broken entry (e.g. a placeholder missing
    in a translation) raises a one-line UserError naming the file, line and msgctxt.
    """
    if not lang or lang == pack.language:
        return pack
    pack = _source_of(pack)
    if lang == pack.source_language:
        return pack.model_copy(update={"language": lang})
    key = (str(pack.path), pack.id, pack.version, lang, catalog_signature(pack.id, lang))
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is pack:
        return cached[1]
    disk_key = _disk_key(pack, lang)
    result = _read_disk(disk_key)
    if result is None:
        entries = load_entries(pack.id, lang)

        def translate(context: str, source: str) -> str:
            entry = entries.get(context)
            return entry.msgstr if state_of(entry, source) == TRANSLATED else source

        result = map_texts(pack, translate).model_copy(update={"language": lang})
        if disk_key is not None:
            from .. import packcache

            packcache.write(disk_key, result)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = (pack, result)
    return result


_CODE = tuple(Path(__file__).with_name(name) for name in ("__init__.py", "catalogs.py", "fields.py"))


def _disk_key(pack: Pack, lang: str) -> str | None:
    """The on-disk cache key of ``pack`` in ``lang``: the pack's files, its catalog, this code.

    Reading a catalog with Babel takes about 100 ms; each worker of a batch and each
    start of the TUI in French or Spanish would pay it. None for packs not read from disk.
    """
    if pack.path is None:
        return None
    from ..packs import source_cache_key

    return f"{source_cache_key(Path(pack.path), (po_path(pack.id, lang), *_CODE))}-{lang}"


def _read_disk(key: str | None) -> Pack | None:
    if key is None:
        return None
    from .. import packcache

    return packcache.read(key)


@dataclass(frozen=True)
class Fallback:
    """A text shown in the source language, and why (fuzzy, missing or stale)."""

    context: str
    state: str
    source: str


def translation_report(pack: Pack, lang: str | None) -> list[Fallback]:
    """Every field of ``pack`` that :func:`localize` leaves in the source language."""
    pack = _source_of(pack)
    if not lang or lang == pack.source_language:
        return []
    entries = load_entries(pack.id, lang)
    report = []
    for context, source in pack_entries(pack):
        state = state_of(entries.get(context), source)
        if state != TRANSLATED:
            report.append(Fallback(context, state, source))
    return report
