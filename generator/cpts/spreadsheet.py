"""CSV cells a spreadsheet opens as text, never runs as a formula (CSV injection).

A cell that begins with « = », « + », « - », « @ », a tab or a carriage return is a formula to
Excel and LibreOffice (`=HYPERLINK(…)`, `-2+3+cmd|' /C calc'!A0`). Such a cell is prefixed with
« ' », which spreadsheets read as "this is text", except a plain number — digits, spaces and dots
after the sign, such as the phone number « +33 4 92 21 00 00 » or the longitude « -1.68 » — which
can call nothing and is kept as is, so that programs reading the CSV get the real value.
"""

from __future__ import annotations

import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9 .]*")


def safe_cell(value: str) -> str:
    """`value`, prefixed with « ' » when a spreadsheet would run it as a formula."""
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value
