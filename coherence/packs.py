"""Finding, loading and validating indicator packs (YAML under ``indicators/``).

Validation collects every problem before failing, each as ``file:line: message``, so
a pack author fixes a whole file in one pass.

Finding packs needs no more than the file system, so this module imports pydantic,
the models and YAML only in the functions that validate: the terminal UI lists packs
and names the default one before any of those is needed.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import PackError, UserError
from .i18n import _
from .ids import is_id
from .resources import packs_dir

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .models import Indicator, Pack

DEFAULT_PACK = "mainstreaming-migration"


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


def label_problems(labels: list[str]) -> list[str]:
    """Answer labels a reader could confuse, after case, accent and space folding: two
    alike, one that reads like a special answer (don't know, not applicable) in any
    interface language, or a bare number (read as a level number)."""
    from .i18n import gettext_in, interface_languages
    from .models import fold
    from .words import DONT_KNOW, NOT_APPLICABLE

    specials = {fold(gettext_in(lang, word)) for lang in interface_languages() for word in (DONT_KNOW, NOT_APPLICABLE)} | {"n/a"}
    folded = [fold(label) for label in labels]
    problems = []
    if len(set(folded)) != len(folded):
        problems.append("duplicate level labels (" + ", ".join(sorted({l for l, f in zip(labels, folded) if folded.count(f) > 1})) + ")")
    for label, key in zip(labels, folded):
        if key in specials:
            problems.append(f"label {label!r} reads like the special answer of that name")
        elif key.replace(".", "", 1).isdigit():
            problems.append(f"label {label!r} is a bare number (it would be read as a level number)")
    return problems


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
        problems.extend(f"{at(('scales', i, 'levels'))}: scale '{scale.id}': {problem}" for problem in label_problems([lv.label for lv in scale.levels]))
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

    for m_index, migration in enumerate(header.migrations):
        where = at(("migrations", m_index))
        targets = [*migration.renamed.values(), *migration.merged, *(new for news in migration.split.values() for new in news)]
        for new_id in targets:
            if new_id not in seen_ids:
                problems.append(f"{where}: migration from {migration.from_version}: '{new_id}' is not an indicator of this version")
        for old_id in [*migration.removed, *migration.renamed]:
            if old_id in seen_ids:
                problems.append(f"{where}: migration from {migration.from_version}: '{old_id}' is still an indicator of this version")
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
        migrations=header.migrations,
        path=pack_dir,
    )
    return pack, []


def load_pack(spec: str | Path = DEFAULT_PACK) -> Pack:
    """Load and validate a pack (by id or path), in its source language.

    For a pack in another language use :func:`coherence.translate.load_pack`.
    """
    return _load_cached(resolve_pack_path(spec).resolve())


def installed_pack_dir(pack_id: str) -> Path:
    """The directory of a pack named inside a user's file: only ids under packs_dir(), never a path."""
    candidate = packs_dir() / pack_id
    if not is_id(pack_id) or not _is_file(candidate / "pack.yaml"):
        known = ", ".join(p.name for p in available_packs()) or "none"
        shown = pack_id if len(pack_id) <= 60 else pack_id[:59] + "…"
        raise UserError(_("unknown pack '{pack}' (installed packs: {known})").format(pack=shown, known=known))
    return candidate


def load_installed_pack(pack_id: str) -> Pack:
    """Load a pack named inside a user's file, in its source language."""
    return load_pack(installed_pack_dir(pack_id))


def read_header(pack_dir: Path) -> dict[str, str] | None:
    """The id, title and source language of a plain pack.yaml (else None), without pydantic."""
    from .yamlsafe import load_yaml_with_lines

    try:
        raw, _lines = load_yaml_with_lines(pack_dir / "pack.yaml")
    except UserError:
        return None
    if not isinstance(raw, dict):
        return None
    pack_id, title, source = raw.get("id"), raw.get("title"), raw.get("source_language", "en")
    if not (is_id(pack_id) and isinstance(title, str) and 0 < len(title.strip()) <= 20_000 and isinstance(source, str)):
        return None
    return {"id": pack_id, "title": title.strip(), "source_language": source}


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
