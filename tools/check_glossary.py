"""Check translation catalogs against locales/glossary.yaml.

Lists every translation (msgstr) that uses a variant a glossary term tells translators
to avoid, as `file:line: [term] 'variant' in msgctxt/msgid: …context…`.

    python tools/check_glossary.py                 # all shipped catalogs
    python tools/check_glossary.py FILE.po ...     # the named catalogs
    python tools/check_glossary.py --summary       # counts per file and term

Matching is case-insensitive and on whole words; a hit inside a phrase listed under the
term's `allow:` for that language is not reported. Exit code 1 if anything is found.
Needs PyYAML and Babel (both in the coherence virtualenv).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import yaml
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent.parent / "locales"


def _pattern(phrase: str) -> re.Pattern[str]:
    # Whole words: no letter (any script) immediately before or after the phrase.
    return re.compile(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", re.IGNORECASE)


def load_rules(glossary: Path) -> dict[str, list[tuple[str, str, re.Pattern[str], list[re.Pattern[str]]]]]:
    data = yaml.safe_load(glossary.read_text(encoding="utf-8"))
    rules: dict[str, list] = {}
    for term in data["terms"]:
        avoid = term.get("avoid") or {}
        allow = term.get("allow") or {}
        for lang, phrases in avoid.items():
            allowed = [_pattern(a) for a in allow.get(lang, [])]
            for phrase in phrases:
                rules.setdefault(lang, []).append((term["id"], phrase, _pattern(phrase), allowed))
    return rules


def language_of(path: Path) -> str:
    # locales/<lang>/packs/x.po or locales/<lang>/LC_MESSAGES/coherence.po
    return path.resolve().relative_to(LOCALES).parts[0]


def check(path: Path, rules) -> list[tuple[str, int, str, str, str, str]]:
    lang = language_of(path)
    hits = []
    with path.open("rb") as fh:
        catalog = read_po(fh)
    for message in catalog:
        if not message.id or not message.string:
            continue
        text = message.string if isinstance(message.string, str) else " ".join(message.string)
        where = message.context or (message.id if isinstance(message.id, str) else message.id[0])[:40]
        found = []
        for term, phrase, pattern, allowed in rules.get(lang, []):
            spans = [m.span() for a in allowed for m in a.finditer(text)]
            for m in pattern.finditer(text):
                if not any(s <= m.start() and m.end() <= e for s, e in spans):
                    found.append((m.start(), m.end(), term, phrase))
        # One hit per place: of overlapping variants ("la autoridad" in "la autoridad
        # local") only the longest is reported.
        kept: list[tuple[int, int, str, str]] = []
        for start, end, term, phrase in sorted(found, key=lambda f: f[0] - f[1]):
            if not any(start < e and s < end for s, e, _t, _p in kept):
                kept.append((start, end, term, phrase))
        for start, end, term, phrase in sorted(kept):
            snippet = text[max(0, start - 40): end + 40].replace("\n", " ")
            hits.append((shown(path), message.lineno, term, phrase, where, snippet))
    return hits


def shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(LOCALES.parent))
    except ValueError:
        return str(path)


def main(argv: list[str]) -> int:
    summary = "--summary" in argv
    files = [Path(a) for a in argv if not a.startswith("--")]
    if not files:
        files = sorted(LOCALES.glob("*/packs/*.po")) + sorted(LOCALES.glob("*/LC_MESSAGES/*.po"))
    rules = load_rules(LOCALES / "glossary.yaml")
    hits = [h for f in files for h in check(f, rules)]
    if summary:
        for (file, term, phrase), n in sorted(Counter((h[0], h[2], h[3]) for h in hits).items()):
            print(f"{file}: [{term}] '{phrase}': {n}")
    else:
        for file, line, term, phrase, where, snippet in hits:
            print(f"{file}:{line}: [{term}] '{phrase}' in {where}: …{snippet}…")
    print(f"{len(hits)} hit(s) in {len(files)} catalog(s)", file=sys.stderr)
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
