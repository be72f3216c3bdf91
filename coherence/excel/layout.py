"""Where things are in a questionnaire workbook (format version 1).

Shared by the writer (:mod:`template`, which uses openpyxl) and the reader
(:mod:`reader`, which must not import openpyxl), so the two cannot drift apart.
"""

from __future__ import annotations

FORMAT = "coherence-questionnaire"
FORMAT_VERSION = 1
MAX_PROFILE_CHARS = 200  # models.ShortText
MAX_TEXT_CHARS = 20_000  # models.LongText
META_SHEET = "_meta"
LISTS_SHEET = "_lists"

# Keys of the _meta sheet: column A holds the key, column B the value.
META_KEYS = ("format", "format_version", "pack", "version", "language", "sheet", "first_row")

# Profile block of the questionnaire sheet: label in column B, the answer in column C.
PROFILE_LABEL_COL = 2
PROFILE_VALUE_COL = 3
PROFILE_ROWS = {
    "authority": 4,
    "country": 5,
    "authority_level": 6,
    "department": 7,
    "respondent": 8,
    "respondent_level": 9,
}
HEADER_ROW = 11
FIRST_ROW = HEADER_ROW + 1

# Indicator table columns (1-based).
COL_ID = 1
COL_SECTOR = 2
COL_QUESTION = 3
COL_GUIDANCE = 4
COL_ANSWER = 5
COL_NOTES = 6
COL_EVIDENCE = 7
COL_TARGET = 8  # the level the respondent aims at (empty: the top level)


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA (without openpyxl)."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"
