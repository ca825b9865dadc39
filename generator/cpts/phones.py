"""French phone numbers: validated and formatted with Google's libphonenumber."""

from __future__ import annotations

import functools

import phonenumbers


@functools.lru_cache(maxsize=8192)
def parse_french(number: str) -> phonenumbers.PhoneNumber | None:
    """The parsed number if it is a valid number dialable from France, else None."""
    try:
        parsed = phonenumbers.parse(number, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return parsed


def is_premium_rate(parsed: phonenumbers.PhoneNumber) -> bool:
    """A surcharged number (08 9…): a caller pays well above a normal call."""
    return phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.PREMIUM_RATE


def is_shared_cost(parsed: phonenumbers.PhoneNumber) -> bool:
    """A number at a higher rate than a normal call (08 1…, 08 2…)."""
    return phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.SHARED_COST


def display(number: str) -> str:
    """« 0492210000 » -> « 04 92 21 00 00 » (national format for French numbers)."""
    parsed = parse_french(number)
    if parsed is None:
        return number
    if parsed.country_code == 33:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def display_international(number: str) -> str:
    """« 0492210000 » -> « +33 4 92 21 00 00 », for visitors calling from a foreign phone."""
    parsed = parse_french(number)
    if parsed is None:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def tel_uri(number: str) -> str:
    """The `tel:` link: « tel:+33492210000 »."""
    parsed = parse_french(number)
    if parsed is None:
        return "tel:" + "".join(c for c in number if c.isdigit() or c == "+")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.RFC3966)
