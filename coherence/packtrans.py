"""Pack content in other languages: one PO catalog per pack and language.

``locales/<lang>/packs/<pack-id>.po`` holds one entry per translatable field with
``msgctxt`` = ``<indicator-id>.<field>`` and ``msgid`` = the source text. An entry whose
msgid no longer equals the YAML text is *stale*: the source text is shown instead.
"""

from __future__ import annotations

from .models import Pack


def localize_pack(pack: Pack, lang: str) -> Pack:
    """Return ``pack`` with every field that has a current translation in ``lang``."""
    from .translate import localize

    return localize(pack, lang)
