"""Every translatable text of a pack, named by its PO context (``msgctxt``).

Contexts, one per field (DESIGN §6: ``<indicator-id>.<field>``):

=====================================  ==========================================
``_pack.title``, ``_pack.description``  the pack itself
``_scale.<scale>.title``                an answer scale's title
``_scale.<scale>.<level>.label``        a level's label, e.g. ``_scale.maturity4.2.label``
``_category.<id>.title``                a category
``_subcategory.<id>.title``             a sub-category
``_step.<id>.title``                    a step of the mainstreaming process
``<sector>.title``, ``<sector>.description``  a sector (ids are lower case: ``health``)
``<IND>.question``, ``<IND>.guidance``  an indicator (ids are upper case: ``HEA-03``)
``<IND>.evidence.<i>``                  the i-th evidence example, counted from 0
``<IND>.actions.<level>``               the action that reaches ``level``
``<IND>.actors.<i>``, ``<IND>.resources.<i>``  the i-th actor / resource, from 0
=====================================  ==========================================

Ids of packs start with a letter or digit, so the ``_`` contexts never clash with a
sector or an indicator, and sectors and indicators use different field names, so even
a sector id equal to an indicator id could not make two contexts equal;
:func:`pack_entries` still refuses a pack where two contexts coincide. :func:`map_texts` and :func:`pack_entries`
walk the pack in the same order, so extraction and translation cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import UserError
from ..i18n import _

if TYPE_CHECKING:  # models are only passed in and copied: no pydantic import needed here
    from ..models import Indicator, Pack, Sector

Translate = Callable[[str, str], str]


def _indicator(ind: Indicator, tr: Translate) -> Indicator:
    p = ind.id
    return ind.model_copy(
        update={
            "question": tr(f"{p}.question", ind.question),
            "guidance": tr(f"{p}.guidance", ind.guidance),
            "evidence": [tr(f"{p}.evidence.{i}", text) for i, text in enumerate(ind.evidence)],
            "actions": {level: tr(f"{p}.actions.{level}", text) for level, text in ind.actions.items()},
            "actors": [tr(f"{p}.actors.{i}", text) for i, text in enumerate(ind.actors)],
            "resources": [tr(f"{p}.resources.{i}", text) for i, text in enumerate(ind.resources)],
        }
    )


def _sector(sector: Sector, tr: Translate) -> Sector:
    s = sector.id
    return sector.model_copy(
        update={
            "title": tr(f"{s}.title", sector.title),
            "description": None if sector.description is None else tr(f"{s}.description", sector.description),
            "indicators": [_indicator(ind, tr) for ind in sector.indicators],
        }
    )


def map_texts(pack: Pack, tr: Translate) -> Pack:
    """A copy of ``pack`` with every translatable text replaced by ``tr(context, text)``."""
    title = tr("_pack.title", pack.title)
    description = None if pack.description is None else tr("_pack.description", pack.description)
    scales = [
        scale.model_copy(
            update={
                "title": None if scale.title is None else tr(f"_scale.{scale.id}.title", scale.title),
                "levels": [
                    level.model_copy(update={"label": tr(f"_scale.{scale.id}.{level.level}.label", level.label)})
                    for level in scale.levels
                ],
            }
        )
        for scale in pack.scales
    ]
    categories = [
        category.model_copy(
            update={
                "title": tr(f"_category.{category.id}.title", category.title),
                "subcategories": [
                    sub.model_copy(update={"title": tr(f"_subcategory.{sub.id}.title", sub.title)})
                    for sub in category.subcategories
                ],
            }
        )
        for category in pack.categories
    ]
    steps = [step.model_copy(update={"title": tr(f"_step.{step.id}.title", step.title)}) for step in pack.steps]
    return pack.model_copy(
        update={
            "title": title,
            "description": description,
            "scales": scales,
            "categories": categories,
            "steps": steps,
            "sectors": [_sector(sector, tr) for sector in pack.sectors],
        }
    )


def pack_entries(pack: Pack) -> list[tuple[str, str]]:
    """Every translatable field of ``pack`` as ``(msgctxt, source text)``, in pack order.

    Raises UserError if two fields would share a context, since their translations
    could not be told apart.
    """
    entries: list[tuple[str, str]] = []

    def record(context: str, text: str) -> str:
        entries.append((context, text))
        return text

    map_texts(pack, record)
    seen: set[str] = set()
    for context, _text in entries:
        if context in seen:
            raise UserError(
                _("two texts share the translation context '{context}'; rename one of the ids").format(
                    context=context
                ),
                file=pack.path or pack.id,
            )
        seen.add(context)
    return entries
