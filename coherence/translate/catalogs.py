"""PO catalogs of pack content: where they live, extraction, merging, status, loading.

One catalog per pack and language, ``locales/<lang>/packs/<pack-id>.po``; the template
of a pack is ``locales/packs/<pack-id>.pot``. Each entry has ``msgctxt`` = the field's
context (see :mod:`.fields`) and ``msgid`` = the source text of the YAML. Every field
of the current pack is in exactly one state:

- *translated*: the entry's msgid equals the source text, it has a translation and is
  not fuzzy: this translation is shown;
- *fuzzy*: a translator must review it (``translate update`` marks an entry fuzzy
  when its source text changed, keeping the old msgid as ``#| msgid``);
- *missing*: no entry, or an empty translation;
- *stale*: a translation of an older source text (the YAML changed and the catalog
  was not updated yet).

Only *translated* entries are shown; in the three other states the source text is.
Merging is done per context (not with Babel's ``Catalog.update``, whose fuzzy matching
compares msgids across all entries and could give one indicator's translation to a
similar question of another indicator).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, unescape, write_po

from ..errors import UserError
from ..fileio import atomic_write
from ..i18n import N_, _
from ..ids import LANG_RE
from ..ids import check_language as _check_code
from ..resources import locales_dir
from .fields import pack_entries

if TYPE_CHECKING:  # packs are only passed in: reading a catalog needs no pydantic
    from ..models import Pack

PO_WIDTH = 76

TRANSLATED, FUZZY, MISSING, STALE = "translated", "fuzzy", "missing", "stale"
STATES = (TRANSLATED, FUZZY, MISSING, STALE)
# How the states read in tables and spreadsheets (translated with _() where shown).
STATE_LABELS = {
    TRANSLATED: N_("translated"),
    FUZZY: N_("fuzzy"),
    MISSING: N_("missing"),
    STALE: N_("stale"),
}

# Placeholders a translation must keep: {name}, {0}, {}, {x:.1f}, %(name)s, %s, %d...
# "{{", "}}" and "%%" are literal characters, matched first so they are skipped.
_PLACEHOLDER = re.compile(
    r"\{\{|\}\}|%%"
    r"|\{(?:[A-Za-z_][A-Za-z0-9_]*|\d*)(?:![rsa])?(?::[^{}]*)?\}"
    r"|%\([A-Za-z_][A-Za-z0-9_]*\)[-#0+]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|%[-#0+]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]"
)


# --------------------------------------------------------------------------- paths


MAX_CATALOG_BYTES = 20_000_000  # a complete pack catalog is well under 1 MB


def check_language(lang: str, *, file: str | Path | None = None, place: str | None = None) -> str:
    """A language code Babel knows and safe to use in a path (``fr``, ``pt_BR``), else UserError."""
    return _check_code(lang, file=file, place=place)


def po_path(pack_id: str, lang: str) -> Path:
    """``locales/<lang>/packs/<pack-id>.po``."""
    return locales_dir() / check_language(lang) / "packs" / f"{pack_id}.po"


def pot_path(pack_id: str) -> Path:
    """``locales/packs/<pack-id>.pot``: the template of a pack."""
    return locales_dir() / "packs" / f"{pack_id}.pot"


def shown_path(path: Path) -> str:
    """A path as users see it in messages: relative to the working directory if inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def target_languages(pack: Pack) -> list[str]:
    """The languages ``translate update`` keeps a pack's catalogs in: every language the
    pack has a catalog in, and every language of the interface (but the pack's source)."""
    from ..i18n import interface_languages

    found = {*translated_languages(pack.id), *interface_languages()}
    return sorted(lang for lang in found if lang != pack.source_language)


def translated_languages(pack_id: str) -> list[str]:
    """Languages that have a catalog of this pack under ``locales/``."""
    root = locales_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if LANG_RE.match(p.name) and (p / "packs" / f"{pack_id}.po").is_file())


# --------------------------------------------------------------------------- placeholders


def placeholders(text: str) -> list[str]:
    """The placeholders of a text, in order of appearance, each once."""
    found = [m.group(0) for m in _PLACEHOLDER.finditer(text) if m.group(0) not in ("{{", "}}", "%%")]
    return list(dict.fromkeys(found))


def placeholder_problem(msgid: str, msgstr: str) -> str | None:
    """Why a translation cannot be used with this source text (None if it can)."""
    source, target = placeholders(msgid), placeholders(msgstr)
    for name in source:
        if name not in target:
            return _("placeholder {placeholder} missing in translation").format(placeholder=name)
    for name in target:
        if name not in source:
            return _("placeholder {placeholder} in translation but not in the source text").format(placeholder=name)
    return None


def entry_error(context: str, problem: str, *, file: str | Path, place: str | int | None) -> UserError:
    """``file:place: msgctxt 'GOV-01.question': problem``."""
    return UserError(
        _("msgctxt '{context}': {problem}").format(context=context, problem=problem),
        file=file,
        place=None if place is None else str(place),
    )


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Entry:
    """One entry of a pack catalog."""

    context: str
    msgid: str
    msgstr: str
    fuzzy: bool = False
    previous: str | None = None  # the msgid the (fuzzy) translation was made for
    lineno: int | None = None


def _previous_ids(message: Message) -> None:
    """Babel reads ``#| msgid "..."`` lines as user comments: turn them back into previous_id."""
    kept, parts = [], []
    for comment in message.user_comments:
        if comment.startswith("|"):
            text = comment[1:].strip()
            if text.startswith("msgid "):
                parts = [text[len("msgid ") :].strip()]
            elif text.startswith('"') and parts:
                parts.append(text)
            continue
        kept.append(comment)
    message.user_comments = kept
    if parts:
        try:
            message.previous_id = ["".join(unescape(p) for p in parts)]
        except Exception:  # a damaged comment is only a comment
            message.previous_id = []


def read_catalog(path: Path) -> Catalog:
    """Parse a PO/POT file; a damaged file is a UserError naming its line."""
    shown = shown_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_CATALOG_BYTES:
            raise UserError(
                _("refused: the catalog is {size} bytes, more than the {limit} allowed").format(size=size, limit=MAX_CATALOG_BYTES),
                file=shown,
            )
        with path.open("rb") as fh:
            catalog = read_po(fh, abort_invalid=True)
    except UserError:
        raise
    except PoFileError as exc:
        reason = str(exc).rsplit(" on ", 1)[0]
        raise UserError(_("not a valid PO file: {reason}").format(reason=reason), file=shown, place=str(exc.lineno + 1)) from None
    except OSError as exc:
        raise UserError(_("cannot read: {reason}").format(reason=exc.strerror or exc), file=shown) from None
    except (UnicodeError, ValueError, LookupError) as exc:
        raise UserError(_("not a valid PO file: {reason}").format(reason=exc), file=shown) from None
    except Exception as exc:  # babel raises assorted errors on odd headers (unknown locale...)
        raise UserError(_("not a valid PO file: {reason}").format(reason=exc), file=shown) from None
    for message in catalog:
        _previous_ids(message)
    for message in catalog.obsolete.values():
        _previous_ids(message)
    return catalog


def catalog_entries(catalog: Catalog, path: Path, *, check: bool = True) -> dict[str, Entry]:
    """The entries of a pack catalog by context.

    With ``check``, a translated (non-fuzzy) entry whose placeholders differ from its
    msgid is refused with a one-line UserError naming the file, line and context.
    """
    shown = shown_path(path)
    entries: dict[str, Entry] = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        lineno = message.lineno
        if message.pluralizable or not isinstance(message.string, str):
            raise UserError(_("plural forms are not used in pack catalogs"), file=shown, place=str(lineno))
        context = message.context
        if not context:
            raise UserError(
                _("entry without msgctxt (every entry names its field, e.g. 'GOV-01.question')"), file=shown, place=str(lineno)
            )
        if context in entries:
            raise entry_error(
                context, _("listed twice (also at line {line})").format(line=entries[context].lineno), file=shown, place=lineno
            )
        entry = Entry(
            context=context,
            msgid=message.id,
            msgstr=message.string or "",
            fuzzy=message.fuzzy,
            previous=message.previous_id[0] if message.previous_id else None,
            lineno=lineno,
        )
        if check and entry.msgstr and not entry.fuzzy:
            problem = placeholder_problem(entry.msgid, entry.msgstr)
            if problem:
                raise entry_error(context, problem, file=shown, place=lineno)
        entries[context] = entry
    return entries


def _signature(path: Path) -> str | None:
    """A hash of the file's bytes (None if there is none): an edit that keeps the size
    and the time is still seen. Hashing a 1 MB catalog takes about 1 ms; Babel reading
    it, which the cache saves, about 100 ms (bench/batch_score.py reads one per worker)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


_ENTRY_CACHE: dict[Path, tuple[str, dict[str, Entry]]] = {}


def catalog_signature(pack_id: str, lang: str) -> str | None:
    """Changes whenever the catalog's content changes (None if there is none)."""
    return _signature(po_path(pack_id, lang))


def load_entries(pack_id: str, lang: str) -> dict[str, Entry]:
    """The checked entries of a pack's catalog in ``lang`` ({} if there is none), cached."""
    path = po_path(pack_id, lang)
    signature = _signature(path)
    if signature is None:
        return {}
    key = path.resolve()
    cached = _ENTRY_CACHE.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    entries = catalog_entries(read_catalog(path), path)
    if len(_ENTRY_CACHE) > 32:
        _ENTRY_CACHE.clear()
    _ENTRY_CACHE[key] = (signature, entries)
    return entries


# --------------------------------------------------------------------------- states


def state_of(entry: Entry | None, source: str) -> str:
    """translated, fuzzy, missing or stale (see the module docstring)."""
    if entry is None or not entry.msgstr:
        return MISSING
    if entry.fuzzy:
        return FUZZY
    if entry.msgid != source:
        return STALE
    return TRANSLATED


@dataclass
class PackStatus:
    """Where the translation of one pack into one language stands."""

    pack_id: str
    lang: str
    path: Path
    exists: bool
    contexts: dict[str, list[str]] = field(default_factory=lambda: {state: [] for state in STATES})

    def count(self, state: str) -> int:
        return len(self.contexts[state])

    @property
    def total(self) -> int:
        return sum(len(items) for items in self.contexts.values())

    @property
    def complete(self) -> bool:
        return self.count(TRANSLATED) == self.total


def status(pack: Pack, lang: str) -> PackStatus:
    """Translated, fuzzy, missing and stale fields of ``pack`` in ``lang``."""
    entries = load_entries(pack.id, lang)
    path = po_path(pack.id, lang)
    result = PackStatus(pack.id, lang, path, path.is_file())
    for context, source in pack_entries(pack):
        result.contexts[state_of(entries.get(context), source)].append(context)
    return result


# --------------------------------------------------------------------------- writing

_HEADER = (
    "# {what} of the indicator pack '{pack}' (coherence).\n"
    "# msgctxt names the field (e.g. GOV-01.question); msgid is the source text.\n"
    "# Refresh with: coherence --lang <lang> translate update {pack}\n"
    "#"
)


def _new_catalog(pack: Pack, lang: str | None) -> Catalog:
    what = "Template for translations" if lang is None else f"Translations ({lang})"
    catalog = Catalog(
        locale=None,
        domain=pack.id,
        header_comment=_HEADER.format(what=what, pack=pack.id),
        project=pack.id,
        version=pack.version,
        fuzzy=False,
    )
    if lang is not None:
        try:
            catalog.locale = lang
        except Exception:  # a language Babel does not know: no plural rules, no harm
            pass
    return catalog


def template_catalog(pack: Pack) -> Catalog:
    """The POT of a pack: every translatable field with an empty translation."""
    catalog = _new_catalog(pack, None)
    for context, source in pack_entries(pack):
        catalog.add(source, "", context=context)
    return catalog


def render(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=PO_WIDTH, sort_output=False, include_previous=True)
    return buf.getvalue()


def write_atomic(path: Path, data: bytes) -> Path:
    """Write a file through a temporary file and a rename; problems become UserError."""
    try:
        atomic_write(path, data, make_dirs=True)
    except UserError as exc:
        raise UserError(exc.message, file=shown_path(path)) from None
    return path


def extract(pack: Pack, output: Path | None = None) -> tuple[Path, int]:
    """Write the POT of ``pack`` (default ``locales/packs/<id>.pot``); return (path, entries)."""
    catalog = template_catalog(pack)
    path = output or pot_path(pack.id)
    write_atomic(path, render(catalog))
    return path, len(catalog)


@dataclass(frozen=True)
class UpdateResult:
    path: Path
    created: bool
    written: bool
    total: int
    added: int
    fuzzy: int  # entries newly marked fuzzy because their source text changed
    obsolete: int  # entries of fields that no longer exist


def _key(entries: dict[str, Entry]) -> list[tuple]:
    return [(e.context, e.msgid, e.msgstr, e.fuzzy, e.previous) for e in entries.values()]


def merge(pack: Pack, lang: str, old: Catalog | None, old_entries: dict[str, Entry]) -> tuple[Catalog, UpdateResult]:
    """The catalog of ``pack`` in ``lang``, keeping the translations of ``old``.

    Per context: same source text -> kept as it was; changed source text -> the old
    translation is kept, marked fuzzy, with the old msgid as previous msgid; new
    field -> empty entry; field gone -> obsolete (``#~``) entry.
    """
    catalog = _new_catalog(pack, lang)
    if old is not None:
        catalog.creation_date = old.creation_date
        catalog.revision_date = old.revision_date
        catalog.last_translator = old.last_translator
        catalog.language_team = old.language_team
    revived = {}
    if old is not None:
        for message in old.obsolete.values():
            if message.context and message.context not in old_entries and isinstance(message.string, str) and message.string:
                revived[message.context] = Entry(
                    message.context, message.id, message.string, message.fuzzy,
                    message.previous_id[0] if message.previous_id else None,
                )
    added = fuzzy = 0
    used_revived = False
    current: dict[str, Entry] = {}
    for context, source in pack_entries(pack):
        entry = old_entries.get(context)
        if entry is None and context in revived:
            entry, used_revived = revived[context], True
        if entry is None or (not entry.msgstr and entry.msgid != source):
            new = Entry(context, source, "")
            added += entry is None
        elif entry.msgid == source:
            new = Entry(context, source, entry.msgstr, entry.fuzzy, entry.previous if entry.fuzzy else None)
        else:
            new = Entry(context, source, entry.msgstr, True, entry.previous if entry.fuzzy and entry.previous else entry.msgid)
            fuzzy += not entry.fuzzy
        current[context] = new
        catalog.add(
            new.msgid,
            new.msgstr,
            context=context,
            flags=["fuzzy"] if new.fuzzy else [],
            previous_id=new.previous,
        )
    obsolete = 0
    gone = [e for c, e in old_entries.items() if c not in current]
    if old is not None:
        gone += [
            Entry(m.context, m.id, m.string) for m in old.obsolete.values()
            if m.context and m.context not in current and m.context not in old_entries and isinstance(m.id, str)
        ]
    for entry in gone:
        if entry.msgstr:
            catalog.obsolete[(entry.msgid, entry.context)] = Message(
                entry.msgid, entry.msgstr, context=entry.context, flags=["fuzzy"] if entry.fuzzy else []
            )
            obsolete += entry.context in old_entries
    unchanged = old is not None and _key(current) == _key(old_entries) and not obsolete and not used_revived
    result = UpdateResult(
        path=po_path(pack.id, lang),
        created=old is None,
        written=not unchanged,
        total=len(current),
        added=added,
        fuzzy=fuzzy,
        obsolete=obsolete,
    )
    return catalog, result


def open_catalog(pack_id: str, lang: str) -> tuple[Catalog | None, dict[str, Entry]]:
    """The existing catalog of a pack in ``lang`` and its checked entries (None, {} if none)."""
    path = po_path(pack_id, lang)
    if not path.is_file():
        return None, {}
    catalog = read_catalog(path)
    return catalog, catalog_entries(catalog, path)


def save_catalog(catalog: Catalog, path: Path, *, revised: bool = True) -> Path:
    if revised:
        from datetime import datetime, timezone

        catalog.revision_date = datetime.now(timezone.utc).replace(microsecond=0)
    return write_atomic(path, render(catalog))


def update(pack: Pack, lang: str) -> UpdateResult:
    """Merge the pack's current texts into ``locales/<lang>/packs/<id>.po`` (created if needed)."""
    check_language(lang)
    if lang == pack.source_language:
        raise UserError(
            _("'{lang}' is the source language of the pack: nothing to translate").format(lang=lang), file=pack.path or pack.id
        )
    old, old_entries = open_catalog(pack.id, lang)
    catalog, result = merge(pack, lang, old, old_entries)
    if result.written:
        save_catalog(catalog, result.path)
    return result
