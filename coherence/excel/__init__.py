"""Excel workbooks: the report, the blank questionnaire and reading filled copies.

Importing this package defuses the standard library's XML parsers (defusedxml), so
that any XML parsed while handling workbooks (openpyxl's own parsing included)
refuses entity expansion and external entities.
"""

from __future__ import annotations

import warnings

import defusedxml

with warnings.catch_warnings():
    # defuse_stdlib() touches the deprecated defusedxml.cElementTree module on its way.
    warnings.simplefilter("ignore", DeprecationWarning)
    defusedxml.defuse_stdlib()
