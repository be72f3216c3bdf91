"""``coherence packs new ID``: a small valid pack to start a pack of one's own from.

The files are commented YAML, so the pack explains its own format; the README's
"Writing your own pack" section walks through them. A folder that exists is never
written into.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UserError
from .fileio import atomic_write
from .i18n import _
from .ids import check_id

_PACK = """\
# {pack_id}: a pack of your own. Every field is described in the README ("Pack format
# reference"); `coherence packs validate {folder}` checks it and names each problem's line.
id: {pack_id}
version: "0.1.0"          # raise it when you change what an indicator asks or scores
title: My indicator pack
description: >-
  What this pack assesses, for whom, and where its indicators come from.
source_language: en       # the language the YAML is written in
default_scale: maturity4
scales:
  - id: maturity4
    title: Maturity
    levels:               # numbered 0, 1, 2... with values rising from 0 to 1
      - {{level: 0, label: Not in place, value: 0.0}}
      - {{level: 1, label: Planned or ad hoc, value: 0.3333}}
      - {{level: 2, label: Partly in place, value: 0.6667}}
      - {{level: 3, label: Fully in place and institutionalised, value: 1.0}}
categories:
  - id: institutional
    title: Institutional arrangements
    subcategories:
      - {{id: coordination, title: Coordination}}
  - id: policy
    title: Policy and practice
    subcategories:
      - {{id: services, title: Services}}
sectors:                  # one file each under sectors/, in the order they are shown
  - governance
"""

_SECTOR = """\
id: governance
title: Governance
description: How the authority organises its work on migration.
indicators:
  - id: GOV-01                       # stable: answers and translations refer to it
    category: institutional
    subcategory: coordination
    coherence: [horizontal]          # horizontal (across departments), vertical (across levels), or none
    question: Does a named person coordinate the departments' work on migration?
    guidance: >-
      What "fully in place" looks like: a named focal point with a mandate, time and a
      regular meeting with every department.
    evidence: [Letter of appointment, Minutes of coordination meetings]
    weight: 1
    actions:                         # for each level above the lowest: what to do to reach it
      1: Name a person to coordinate the departments' work on migration.
      2: Give the focal point a written mandate and hold regular meetings.
      3: Make the role permanent, with time and budget, in the authority's structure.
    actors: [Mayor's office]
    resources: [Your own guidance note]
    sdg: ["10.7"]
    gcm: [23]
    sources:                         # optional: where the wording and examples come from
      - {{file: "Our migration strategy (2024)", pages: "12-14", section: "Coordination"}}
  - id: GOV-02
    category: policy
    subcategory: services
    coherence: [vertical]
    question: Does the local plan refer to the national migration strategy?
    guidance: The local development plan cites the national strategy and follows its goals.
    evidence: [Local development plan]
    actions:
      1: Obtain the national strategy and share it with the planning office.
      2: Align some goals of the local plan with the national strategy.
      3: Review the whole plan against the strategy at every planning cycle.
    actors: [Planning department]
    sdg: ["10.7", "17.14"]
    gcm: [23]
"""


def write_new_pack(pack_id: str, folder: Path) -> Path:
    """Write the starter pack ``pack_id`` into the new folder ``folder``."""
    check_id(pack_id, _("pack id"))
    if folder.exists():
        raise UserError(_("{folder} exists already: choose a new folder with -o").format(folder=folder), file=folder)
    (folder / "sectors").mkdir(parents=True)
    atomic_write(folder / "pack.yaml", _PACK.format(pack_id=pack_id, folder=folder).encode("utf-8"))
    atomic_write(folder / "sectors" / "governance.yaml", _SECTOR.format().encode("utf-8"))
    return folder
