"""The gettext catalogs of interface strings: extract, merge, check.

Every string wrapped in ``_()`` or ``N_()`` in the ``coherence`` package is extracted
with Babel into ``locales/coherence.pot``; ``locales/<lang>/LC_MESSAGES/coherence.po``
(fr and es ship) are created or merged from it (new strings empty, changed strings
fuzzy, removed strings dropped). :func:`coherence.i18n.gettext` reads the PO files
directly and ignores fuzzy entries.

Refresh after adding or changing interface strings::

    python -m coherence.translate.ui            # write the POT and merge fr, es
    python -m coherence.translate.ui --check    # exit 1 if a string lacks a translation

then translate the empty and fuzzy entries (remove the ``fuzzy`` flag when done).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages import Catalog
from babel.messages.extract import extract_from_dir

from .. import __version__
from ..i18n import DOMAIN, SOURCE_LANGUAGE, interface_languages
from ..resources import locales_dir
from .catalogs import placeholder_problem, read_catalog, shown_path, write_atomic

PACKAGE_DIR = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
_HEADER = (
    "# Interface strings of coherence.\n"
    "# Refresh with: python -m coherence.translate.ui\n"
    "#"
)


def ui_languages() -> tuple[str, ...]:
    """The languages with an interface catalog (English is the source)."""
    return tuple(lang for lang in interface_languages() if lang != SOURCE_LANGUAGE)


def pot_file() -> Path:
    return locales_dir() / f"{DOMAIN}.pot"


def po_file(lang: str) -> Path:
    return locales_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract_ui(package_dir: Path = PACKAGE_DIR) -> Catalog:
    """Every ``_()`` / ``N_()`` string of the package, as a template catalog."""
    catalog = Catalog(domain=DOMAIN, project="coherence", version=__version__, header_comment=_HEADER, fuzzy=False)
    prefix = package_dir.name
    for filename, lineno, message, comments, context in extract_from_dir(
        str(package_dir),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        if isinstance(message, tuple):  # ngettext: (singular, plural)
            if len(message) != 2 or not all(isinstance(part, str) and part for part in message):
                continue
        elif not message or not isinstance(message, str):
            continue
        catalog.add(
            message,
            None,
            [(f"{prefix}/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def _content(catalog: Catalog) -> list[tuple]:
    """What matters in a catalog, for 'has anything changed?' (no dates, no line numbers)."""
    return [
        (
            message.id,
            message.context,
            message.string or "",
            message.fuzzy,
            tuple(sorted({loc[0] for loc in message.locations})),
            tuple(message.auto_comments),
        )
        for message in catalog
        if message.id
    ]


def _write(catalog: Catalog, path: Path) -> Path:
    import io

    from babel.messages.pofile import write_po

    buf = io.BytesIO()
    write_po(buf, catalog, width=76, sort_output=False, sort_by_file=False, include_lineno=False, ignore_obsolete=True)
    return write_atomic(path, buf.getvalue())


def refresh(languages: tuple[str, ...] | None = None) -> dict[str, dict[str, int]]:
    """Write the POT and merge it into each language's PO; return counts per language."""
    template = extract_ui()
    pot = pot_file()
    if not pot.is_file() or _content(read_catalog(pot)) != _content(template):
        _write(template, pot)
    counts = {}
    for lang in ui_languages() if languages is None else languages:
        path = po_file(lang)
        if path.is_file():
            catalog = read_catalog(path)
            before = _content(catalog)
            catalog.update(template, update_header_comment=False)
            catalog.version = __version__
            changed = _content(catalog) != before
        else:
            catalog = Catalog(
                locale=lang, domain=DOMAIN, project="coherence", version=__version__, header_comment=_HEADER, fuzzy=False
            )
            for message in template:
                if message.id:
                    catalog.add(message.id, "", message.locations, auto_comments=message.auto_comments, context=message.context)
            changed = True
        if changed:
            _write(catalog, path)
        counts[lang] = _counts(catalog)
    return counts


def _counts(catalog: Catalog) -> dict[str, int]:
    messages = [m for m in catalog if m.id]
    fuzzy = sum(1 for m in messages if m.fuzzy and m.string)
    untranslated = sum(1 for m in messages if not _translated(m.string))
    return {"total": len(messages), "translated": len(messages) - fuzzy - untranslated, "fuzzy": fuzzy, "untranslated": untranslated}


def _translated(string: str | tuple) -> bool:
    """A translation, or every plural form of one, is there."""
    return all(string) if isinstance(string, tuple) else bool(string)


def problems(lang: str, template: Catalog | None = None) -> list[str]:
    """What keeps the ``lang`` catalog from covering the current interface strings.

    One line per problem: untranslated, fuzzy or absent strings, and translations
    whose placeholders differ from their msgid.
    """
    template = template or extract_ui()
    path = po_file(lang)
    shown = shown_path(path)
    if not path.is_file():
        return [f"{shown}: missing (run: python -m coherence.translate.ui)"]
    catalog = read_catalog(path)
    found = []
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id, context=message.context)
        if entry is None:
            found.append(f"{shown}: not in the catalog: {message.id!r}")
        elif not _translated(entry.string):
            found.append(f"{shown}:{entry.lineno}: untranslated: {message.id!r}")
        elif entry.fuzzy:
            found.append(f"{shown}:{entry.lineno}: fuzzy: {message.id!r}")
        else:
            sources = message.id if isinstance(message.id, tuple) else (message.id,)
            translations = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            for translation in translations:
                problem = placeholder_problem(sources[-1], translation)
                if problem:
                    found.append(f"{shown}:{entry.lineno}: msgid {message.id!r}: {problem}")
                    break
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coherence.translate.ui", description="Refresh the interface catalogs.")
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if a string lacks a translation")
    args = parser.parse_args(argv)
    template = extract_ui()
    if not args.check:
        for lang, counts in refresh().items():
            print(
                f"{shown_path(po_file(lang))}: {counts['total']} strings, {counts['translated']} translated, "
                f"{counts['fuzzy']} fuzzy, {counts['untranslated']} untranslated"
            )
    failures = [line for lang in ui_languages() for line in problems(lang, template)]
    for line in failures:
        if args.check or ": msgid " in line:  # placeholder problems are bugs: always shown
            print(line, file=sys.stderr)
    return 1 if failures and args.check else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
