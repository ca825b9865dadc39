"""French phone numbers, metropolitan and overseas: validated and formatted with libphonenumber.

France's numbering plan covers the overseas departments too: « 0590 … » (Guadeloupe) is dialled
as is from Paris, but libphonenumber files it under its own region and country code (+590). So a
number written without its country code is read in the region its first four digits belong to.
"""

from __future__ import annotations

import functools

import phonenumbers

# The first four digits (national format) of numbers of the French plan that libphonenumber
# files under an overseas region: geographic numbers, then mobiles (ARCEP's allocation).
OVERSEAS_PREFIXES = {
    "0590": "GP", "0690": "GP", "0691": "GP",  # Guadeloupe, Saint-Barthélemy, Saint-Martin
    "0596": "MQ", "0696": "MQ", "0697": "MQ",  # Martinique
    "0594": "GF", "0694": "GF",                # Guyane
    "0262": "RE", "0692": "RE", "0693": "RE",  # La Réunion
    "0269": "YT", "0639": "YT",                # Mayotte
    "0508": "PM",                              # Saint-Pierre-et-Miquelon
}
# Country codes whose numbers a French caller dials in the national format (0…).
FRENCH_PLAN_CODES = frozenset({33, 262, 508, 590, 594, 596})


@functools.lru_cache(maxsize=8192)
def parse_french(number: str) -> phonenumbers.PhoneNumber | None:
    """The parsed number if it is a valid number dialable from France, else None."""
    digits = "".join(c for c in number if c.isdigit())
    region = "FR" if number.lstrip().startswith("+") else OVERSEAS_PREFIXES.get(digits[:4], "FR")
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return parsed


def is_french_plan(parsed: phonenumbers.PhoneNumber) -> bool:
    """Metropolitan or overseas France: shown in the national format, « 0590 12 34 56 »."""
    return parsed.country_code in FRENCH_PLAN_CODES


def is_premium_rate(parsed: phonenumbers.PhoneNumber) -> bool:
    """A surcharged number (08 9…): a caller pays well above a normal call."""
    return phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.PREMIUM_RATE


def is_shared_cost(parsed: phonenumbers.PhoneNumber) -> bool:
    """A number at a higher rate than a normal call (08 1…, 08 2…)."""
    return phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.SHARED_COST


@functools.lru_cache(maxsize=8192)
def display(number: str) -> str:
    """« 0492210000 » -> « 04 92 21 00 00 » (national format for French numbers)."""
    parsed = parse_french(number)
    if parsed is None:
        return number
    if is_french_plan(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@functools.lru_cache(maxsize=8192)
def display_international(number: str) -> str:
    """« 0492210000 » -> « +33 4 92 21 00 00 », for visitors calling from a foreign phone."""
    parsed = parse_french(number)
    if parsed is None:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@functools.lru_cache(maxsize=8192)
def tel_uri(number: str) -> str:
    """The `tel:` link: « tel:+33492210000 »."""
    parsed = parse_french(number)
    if parsed is None:
        return "tel:" + "".join(c for c in number if c.isdigit() or c == "+")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.RFC3966)
