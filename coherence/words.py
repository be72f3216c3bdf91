"""The words every output shares: special answers and levels of government.

One place for the TUI, the workbooks and the readers, so a translation of "Don't know"
or "National" is the same on the screen, in a questionnaire and in a report.
"""

from __future__ import annotations

from .i18n import N_, _
from .enums import GovLevel, Special

DONT_KNOW = N_("Don't know")
NOT_APPLICABLE = N_("Not applicable")
MISSING = N_("Missing")

SPECIAL_LABELS = {Special.dont_know: DONT_KNOW, Special.not_applicable: NOT_APPLICABLE}

GOV_LEVEL_LABELS = {
    GovLevel.local: N_("Local"),
    GovLevel.regional: N_("Regional"),
    GovLevel.national: N_("National"),
}


def gov_level_label(level: GovLevel) -> str:
    """A level of government in the current language."""
    return _(GOV_LEVEL_LABELS[level])


def special_label(choice: Special) -> str:
    """Don't know / not applicable in the current language."""
    return _(SPECIAL_LABELS[choice])
