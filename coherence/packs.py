"""Finding, loading and validating indicator packs (YAML under ``indicators/``).

Validation collects every problem before failing, each as ``file:line: message``, so
a pack author fixes a whole file in one pass.

Finding packs needs no more than the file system, so this module imports pydantic,
the models and YAML only in the functions that validate: the terminal UI lists packs
and names the default one before any of those is needed.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import PackError, UserError

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .models import Indicator, Pack

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PACK = "mainstreaming-migration"


def packs_dir() -> Path:
    """Where packs live: ``$COHERENCE_PACKS`` or the repository's ``indicators/``."""
    return Path(os.environ.get("COHERENCE_PACKS", PROJECT_ROOT / "indicators"))


def available_packs() -> list[Path]:
    root = packs_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / "pack.yaml").is_file())


def _is_file(path: Path) -> bool:
    """``path.is_file()``, False for names the system refuses (too long, bad bytes)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


_PACK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def resolve_pack_path(spec: str | Path) -> Path:
    """Accept a pack id, a pack directory or a ``pack.yaml`` path."""
    path = Path(spec)
    if path.name == "pack.yaml" and _is_file(path):
        return path.parent
    if _is_file(path / "pack.yaml"):
        return path
    candidate = packs_dir() / str(spec)
    if _is_file(candidate / "pack.yaml"):
        return candidate
    known = ", ".join(p.name for p in available_packs()) or "none"
    raise UserError(f"no pack named '{spec}' (known packs: {known})", file=spec)


def _format_pydantic(file: Path, lines: dict, error: ValidationError, prefix: tuple = ()) -> list[str]:
    from .yamlsafe import line_of

    problems = []
    for item in error.errors():
        loc = prefix + tuple(item["loc"])
        where = ".".join(_short(p) for p in item["loc"]) or "(top)"
        msg = item["msg"]
        if item["type"] == "extra_forbidden":
            msg = "unknown field"
        elif item["type"] == "missing":
            msg = "required field is missing"
        problems.append(f"{file}:{line_of(lines, loc)}: {where}: {msg}")
    return problems


def _short(part: object) -> str:
    """A location part printable on one line (keys written by people can hold anything)."""
    text = " ".join(str(part).split()) or repr(part)
    return text if len(text) <= 40 else text[:37] + "..."


def validate_pack_dir(pack_dir: Path) -> tuple[Pack | None, list[str]]:
    """Load a pack and return (pack or None, every problem found)."""
    from pydantic import ValidationError

    from .models import Pack, PackHeader, Sector
    from .yamlsafe import line_of, load_yaml_with_lines

    problems: list[str] = []
    header_file = pack_dir / "pack.yaml"
    try:
        raw, lines = load_yaml_with_lines(header_file)
    except UserError as exc:
        return None, [exc.line()]
    if not isinstance(raw, dict):
        return None, [f"{header_file}:1: pack.yaml must be a mapping of fields (id, version, title, ...)"]
    try:
        header = PackHeader.model_validate(raw)
    except ValidationError as exc:
        return None, _format_pydantic(header_file, lines, exc)

    def at(loc: tuple) -> str:
        return f"{header_file}:{line_of(lines, loc)}"

    scale_ids = [s.id for s in header.scales]
    for sid, n in Counter(scale_ids).items():
        if n > 1:
            problems.append(f"{at(('scales',))}: duplicate scale id '{sid}'")
    for i, scale in enumerate(header.scales):
        numbers = [lv.level for lv in scale.levels]
        values = [lv.value for lv in scale.levels]
        if numbers != list(range(len(numbers))):
            problems.append(f"{at(('scales', i, 'levels'))}: scale '{scale.id}': levels must be numbered 0, 1, 2, ... in order (got {numbers})")
        if any(b <= a for a, b in zip(values, values[1:])):
            problems.append(f"{at(('scales', i, 'levels'))}: scale '{scale.id}': level values must increase with the level (got {values})")
        labels = [lv.label.casefold() for lv in scale.levels]
        if len(set(labels)) != len(labels):
            problems.append(f"{at(('scales', i, 'levels'))}: scale '{scale.id}': duplicate level labels")
    if header.default_scale and header.default_scale not in scale_ids:
        problems.append(f"{at(('default_scale',))}: unknown scale '{header.default_scale}'")
    categories = {c.id: c for c in header.categories}
    if len(categories) != len(header.categories):
        problems.append(f"{at(('categories',))}: duplicate category id")
    sub_ids = Counter(s.id for c in header.categories for s in c.subcategories)
    for sid, n in sub_ids.items():
        if n > 1:
            problems.append(f"{at(('categories',))}: duplicate subcategory id '{sid}'")
    step_ids = [s.id for s in header.steps]
    if len(set(step_ids)) != len(step_ids):
        problems.append(f"{at(('steps',))}: duplicate step id")
    for sid, n in Counter(header.sectors).items():
        if n > 1:
            problems.append(f"{at(('sectors',))}: sector '{sid}' listed twice")

    sectors: list[Sector] = []
    seen_ids: dict[str, str] = {}
    for s_index, sector_id in enumerate(dict.fromkeys(header.sectors)):
        sector_file = pack_dir / "sectors" / f"{sector_id}.yaml"
        if not sector_file.is_file():
            problems.append(f"{at(('sectors', s_index))}: unknown sector '{sector_id}': no file sectors/{sector_id}.yaml")
            continue
        try:
            sraw, slines = load_yaml_with_lines(sector_file)
        except UserError as exc:
            problems.append(exc.line())
            continue
        if not isinstance(sraw, dict):
            problems.append(f"{sector_file}:1: a sector file must be a mapping with id, title and indicators")
            continue
        try:
            sector = Sector.model_validate(sraw)
        except ValidationError as exc:
            problems.extend(_format_pydantic(sector_file, slines, exc))
            continue

        def sat(loc: tuple) -> str:
            return f"{sector_file}:{line_of(slines, loc)}"

        if sector.id != sector_id:
            problems.append(f"{sat(('id',))}: sector id '{sector.id}' does not match file name '{sector_id}'")
        fixed: list[Indicator] = []
        for i, ind in enumerate(sector.indicators):
            loc = ("indicators", i)
            if ind.id in seen_ids:
                problems.append(f"{sat(loc + ('id',))}: duplicate indicator id '{ind.id}' (also in {seen_ids[ind.id]})")
            seen_ids.setdefault(ind.id, f"sectors/{sector_id}.yaml")
            if ind.sector is not None and ind.sector != sector_id:
                problems.append(f"{sat(loc + ('sector',))}: {ind.id}: unknown sector '{ind.sector}' (file is sectors/{sector_id}.yaml)")
            category = categories.get(ind.category)
            if category is None:
                problems.append(f"{sat(loc + ('category',))}: {ind.id}: unknown category '{ind.category}'")
            elif ind.subcategory is not None and ind.subcategory not in {s.id for s in category.subcategories}:
                problems.append(f"{sat(loc + ('subcategory',))}: {ind.id}: unknown subcategory '{ind.subcategory}' for category '{ind.category}'")
            elif ind.subcategory is None and category.subcategories:
                problems.append(f"{sat(loc)}: {ind.id}: subcategory is required for category '{ind.category}'")
            scale_id = ind.scale or header.default_scale
            scale = next((s for s in header.scales if s.id == scale_id), None)
            if scale is None:
                problems.append(f"{sat(loc + ('scale',))}: {ind.id}: unknown scale '{scale_id}'")
            else:
                expected = set(scale.numbers[1:])
                if set(ind.actions) != expected:
                    problems.append(
                        f"{sat(loc + ('actions',))}: {ind.id}: actions must name each level above the lowest "
                        f"({sorted(expected)}), got {sorted(ind.actions)}"
                    )
            if len(set(ind.coherence)) != len(ind.coherence):
                problems.append(f"{sat(loc + ('coherence',))}: {ind.id}: coherence tag listed twice")
            if header.steps and ind.step not in step_ids:
                problems.append(f"{sat(loc + ('step',))}: {ind.id}: unknown step '{ind.step}'")
            if not header.steps and ind.step is not None:
                problems.append(f"{sat(loc + ('step',))}: {ind.id}: pack defines no steps")
            fixed.append(ind.model_copy(update={"sector": sector_id}))
        sectors.append(sector.model_copy(update={"indicators": fixed}))

    if problems:
        return None, problems
    pack = Pack(
        id=header.id,
        version=header.version,
        title=header.title,
        description=header.description,
        source_language=header.source_language,
        language=header.source_language,
        default_scale=header.default_scale,
        scales=header.scales,
        categories=header.categories,
        steps=header.steps,
        sectors=sectors,
        path=pack_dir,
    )
    return pack, []


def load_pack(spec: str | Path = DEFAULT_PACK, lang: str | None = None) -> Pack:
    """Load and validate a pack (by id or path), translated to ``lang`` if given."""
    pack = _load_cached(resolve_pack_path(spec).resolve())
    if lang and lang != pack.source_language:
        from .packtrans import localize_pack

        pack = localize_pack(pack, lang)
    return pack


def load_installed_pack(pack_id: str, lang: str | None = None) -> Pack:
    """Load a pack named inside a user's file: only ids under packs_dir(), never a path."""
    candidate = packs_dir() / pack_id
    if not _PACK_ID.match(pack_id) or ".." in pack_id or not _is_file(candidate / "pack.yaml"):
        known = ", ".join(p.name for p in available_packs()) or "none"
        shown = pack_id if len(pack_id) <= 60 else pack_id[:59] + "…"
        raise UserError(f"unknown pack '{shown}' (installed packs: {known})")
    return load_pack(candidate, lang)


@dataclass(frozen=True)
class PackSummary:
    """What names a pack in a list of packs: its id, its title (translated) and its directory."""

    id: str
    title: str
    path: Path


def pack_summary(spec: str | Path, lang: str | None = None) -> PackSummary:
    """The id and title (in ``lang`` when translated) of a pack, read from pack.yaml alone.

    Loading a pack validates every sector file and imports pydantic, about 100 ms in a
    fresh process; the setup screen only names the pack until the session starts. A
    header this quick read cannot use (not a mapping, no plain id or title) is loaded
    with :func:`load_pack` instead, which reports every problem of the pack as usual.
    """
    pack_dir = resolve_pack_path(spec).resolve()
    header = _header(pack_dir)
    if header is None:
        pack = load_pack(pack_dir, lang)
        return PackSummary(pack.id, pack.title, pack_dir)
    title = header["title"]
    if lang and lang != header["source_language"]:
        title = _translated_title(header["id"], title, lang)
    return PackSummary(header["id"], title, pack_dir)


def _header(pack_dir: Path) -> dict[str, str] | None:
    """The id, title and source language of a plain pack.yaml (else None).

    Remembered in the pack cache by the file's size and time: reading YAML imports
    PyYAML, 12 ms of the setup screen's start.
    """
    from . import packcache

    def read() -> dict[str, str] | None:
        from .yamlsafe import load_yaml_with_lines

        raw, _lines = load_yaml_with_lines(pack_dir / "pack.yaml")
        if not _plain_header(raw):
            return None
        return {"id": raw["id"], "title": raw["title"].strip(), "source_language": raw.get("source_language", "en")}

    def sound(cached: object) -> bool:
        return _plain_header(cached) and set(cached) == {"id", "title", "source_language"}  # type: ignore[arg-type]

    return packcache.remembered("header-" + packcache.files_key([pack_dir / "pack.yaml"]), read, sound)


def _plain_header(raw: object) -> bool:
    """True if ``raw`` has the id and title a Pack would accept (the rest is checked on loading)."""
    if not isinstance(raw, dict):
        return False
    pack_id, title, source = raw.get("id"), raw.get("title"), raw.get("source_language", "en")
    return (
        isinstance(pack_id, str)
        and bool(_PACK_ID.match(pack_id))
        and isinstance(title, str)
        and 0 < len(title.strip()) <= 20_000
        and isinstance(source, str)
    )


def _translated_title(pack_id: str, title: str, lang: str) -> str:
    """The title as :func:`coherence.translate.localize` translates it.

    Remembered in the pack cache by the catalog's size and time: reading the catalog
    imports Babel and parses every entry, 60 ms before the first frame in French or
    Spanish.
    """
    from . import packcache
    from .i18n import LANG_RE, locales_dir

    def translate() -> str:
        from .translate.catalogs import TRANSLATED, load_entries, state_of

        entry = load_entries(pack_id, lang).get("_pack.title")
        return entry.msgstr if entry is not None and state_of(entry, title) == TRANSLATED else title

    if not LANG_RE.match(lang):
        return translate()  # load_entries reports the language code
    catalog = locales_dir() / lang / "packs" / f"{pack_id}.po"
    key = "title-" + packcache.files_key([catalog, _TRANSLATE_CODE], salt=f"{lang}\n{title}")
    return packcache.remembered(key, translate, lambda cached: isinstance(cached, str)) or title


_TRANSLATE_CODE = Path(__file__).with_name("translate") / "catalogs.py"


def source_cache_key(pack_dir: Path, extra: tuple[Path, ...] = ()) -> str:
    """The on-disk cache key of a pack: its files, what validation reads beside them, and ``extra``."""
    from . import packcache

    return packcache.cache_key(pack_dir, extra)


def _load_cached(pack_dir: Path) -> Pack:
    """A validated pack: from memory, else the on-disk cache, else its YAML files."""
    return _load_keyed(pack_dir, source_cache_key(pack_dir))


@lru_cache(maxsize=16)
def _load_keyed(pack_dir: Path, key: str) -> Pack:
    from . import packcache

    pack = packcache.read(key)
    if pack is not None:
        return pack
    pack, problems = validate_pack_dir(pack_dir)
    if pack is None:
        raise PackError(problems)
    packcache.write(key, pack)
    return pack


def pack_schema() -> dict[str, Any]:
    """JSON Schema for pack.yaml and sector files, for editors that validate YAML."""
    from pydantic.json_schema import models_json_schema  # only this command needs it

    from .models import PackHeader, Sector

    _, defs = models_json_schema([(PackHeader, "validation"), (Sector, "validation")])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "coherence indicator pack",
        "description": "pack.yaml matches #/$defs/PackHeader; each sectors/<id>.yaml matches #/$defs/Sector.",
        **defs,
        "anyOf": [{"$ref": "#/$defs/PackHeader"}, {"$ref": "#/$defs/Sector"}],
    }
