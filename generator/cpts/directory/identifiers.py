"""National identifiers: RPPS (professionals), ADELI, FINESS (establishments)."""

from __future__ import annotations

from stdnum import luhn


def rpps_is_valid(number: str) -> bool:
    """An RPPS number has 11 digits, the last one a Luhn key over the first ten."""
    return len(number) == 11 and number.isdigit() and luhn.is_valid(number)


def finess_is_valid(number: str) -> bool:
    """A FINESS number has 9 characters: the département (01-95, 2A, 2B), 6 digits, a Luhn key.

    For Corsica the letter of 2A/2B is read as 0 when computing the key (an assumption: the
    public FINESS documentation does not spell it out, and no Corsican entry is in the demo).
    """
    if len(number) != 9:
        return False
    digits = number[:2].replace("2A", "20").replace("2B", "20") + number[2:]
    return digits.isdigit() and luhn.is_valid(digits)


def luhn_key(body: str) -> str:
    """The key that makes `body` + key Luhn-valid (used by messages and the scaffolder)."""
    return str(luhn.calc_check_digit(body))
