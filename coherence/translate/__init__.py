"""Pack content in other languages (DESIGN §6).

- :func:`load_pack` / :func:`load_installed_pack` load a pack in a language (one
  that has no catalog for the pack is a one-line error, never a silent English pack);
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

from .. import packs
from ..errors import UserError
from ..i18n import _, language_name
from ..packs import DEFAULT_PACK, installed_pack_dir, read_header, resolve_pack_path
from .catalogs import TRANSLATED, catalog_signature, load_entries, po_path, state_of, translated_languages
from .fields import map_texts, pack_entries

if TYPE_CHECKING:  # packs are only passed in: the catalogs can be read without pydantic
    from ..models import Pack

__all__ = [
    "Fallback", "PackSummary", "load_pack", "load_installed_pack", "localize", "pack_languages",
    "pack_summary", "translation_report", "pack_entries",
]


def pack_languages(pack_id: str, source_language: str = "en") -> list[str]:
    """The languages a pack can be shown in: its source language and every catalog of it."""
    return [source_language, *(lang for lang in translated_languages(pack_id) if lang != source_language)]


def _check_available(pack_id: str, source_language: str, lang: str, spec: object) -> None:
    if lang == source_language or po_path(pack_id, lang).is_file():
        return
    raise UserError(
        _("no {language} ({lang}) translation of pack '{pack}' (available: {langs})").format(
            language=language_name(lang), lang=lang, pack=pack_id, langs=", ".join(pack_languages(pack_id, source_language))
        ),
        file=str(spec),
    )


def load_pack(spec: str | Path = DEFAULT_PACK, lang: str | None = None, *, fallback: bool = False) -> Pack:
    """A pack (id or path) in ``lang``.

    A language the pack has no catalog for is refused (a file written from it would be
    English under a French name); with ``fallback`` (screens, which say which language
    the pack is shown in) the pack comes in its source language instead.
    """
    pack = packs.load_pack(spec)
    if lang and lang != pack.source_language:
        if fallback and not po_path(pack.id, lang).is_file():
            return pack
        _check_available(pack.id, pack.source_language, lang, spec)
        pack = localize(pack, lang)
    return pack


def load_installed_pack(pack_id: str, lang: str | None = None, *, fallback: bool = False) -> Pack:
    """A pack named inside a user's file (an id under the packs folder), in ``lang``."""
    return load_pack(installed_pack_dir(pack_id), lang, fallback=fallback)


def _source_of(pack: Pack) -> Pack:
    """The pack in its source language (a translated copy is reloaded from its directory)."""
    if pack.language == pack.source_language or pack.path is None:
        return pack
    return packs.load_pack(pack.path)


@dataclass(frozen=True)
class PackSummary:
    """What names a pack in a list of packs: its id, its title (translated) and its directory."""

    id: str
    title: str
    path: Path


def pack_summary(spec: str | Path, lang: str | None = None) -> PackSummary:
    """The id and title (in ``lang`` when translated) of a pack, from pack.yaml alone.

    Loading a pack validates every sector file and imports pydantic, about 100 ms in a
    fresh process; the setup screen only names the pack until the session starts. A
    header this quick read cannot use is loaded with :func:`load_pack`, which reports
    every problem of the pack as usual.
    """
    pack_dir = resolve_pack_path(spec).resolve()
    header = read_header(pack_dir)
    if header is None:
        pack = load_pack(pack_dir, None)
        return PackSummary(pack.id, pack.title, pack_dir)
    title = header["title"]
    if lang and lang != header["source_language"] and po_path(header["id"], lang).is_file():
        entry = load_entries(header["id"], lang).get("_pack.title")
        if entry is not None and state_of(entry, title) == TRANSLATED:
            title = entry.msgstr
    return PackSummary(header["id"], title, pack_dir)


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
    return f"{packs.source_cache_key(Path(pack.path), (po_path(pack.id, lang), *_CODE))}-{lang}"


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
