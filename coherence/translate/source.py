"""Packs as they are on disk now, for the translation tools.

:func:`coherence.packs.load_pack` caches packs for the life of the process; the
translation tools compare catalogs with the YAML as it is *now*, so they validate the
pack directory afresh.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import PackError, UserError
from ..i18n import _
from ..models import Pack
from ..packs import available_packs, packs_dir, resolve_pack_path, validate_pack_dir


def fresh_pack(spec: str | Path) -> Pack:
    """Load and validate a pack (id or directory) from disk, bypassing the cache."""
    pack, problems = validate_pack_dir(resolve_pack_path(spec).resolve())
    if pack is None:
        raise PackError(problems)
    return pack


def fresh_installed_pack(pack_id: str, *, file: str | Path | None = None, place: str | None = None) -> Pack:
    """A pack named inside a user's file (``file``, at ``place``): only ids under packs_dir(), never a path."""
    candidate = packs_dir() / pack_id
    if "/" in pack_id or "\\" in pack_id or pack_id.startswith(".") or not (candidate / "pack.yaml").is_file():
        known = ", ".join(p.name for p in available_packs()) or "none"
        raise UserError(_("unknown pack '{pack}' (installed packs: {known})").format(pack=pack_id, known=known), file=file, place=place)
    return fresh_pack(candidate)
