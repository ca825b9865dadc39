"""Values as a reader sees them on the site: in French, and on the English pages in English."""

from __future__ import annotations

import datetime as dt

import pytest

from cpts import phones
from cpts.formatting import date_en, date_fr, hours_lines, hours_lines_en, join_en, join_fr
from cpts.model import Hours


@pytest.mark.parametrize(("day", "text"), [
    (dt.date(2026, 10, 1), "1er octobre 2026"),
    (dt.date(2026, 8, 15), "15 août 2026"),
])
def test_date_fr(day: dt.date, text: str) -> None:
    assert date_fr(day) == text


def test_hours_group_identical_consecutive_days() -> None:
    week = {d: "08:30-12:00, 14:00-19:00" for d in
            ("lundi", "mardi", "mercredi", "jeudi", "vendredi")}
    hours = Hours.from_data({**week, "samedi": "09:00-12:00"})
    assert hours is not None
    assert hours_lines(hours) == [
        ("Du lundi au vendredi", "8 h 30 à 12 h, 14 h à 19 h"),
        ("Samedi", "9 h à 12 h"),
    ]


def test_hours_with_gaps_are_not_grouped_across_closed_days() -> None:
    hours = Hours.from_data({"lundi": "08:00-12:00", "mercredi": "08:00-12:00",
                             "jeudi": "08:00-12:00"})
    assert hours is not None
    assert hours_lines(hours) == [("Lundi", "8 h à 12 h"), ("Mercredi et jeudi", "8 h à 12 h")]


def test_join_fr() -> None:
    assert join_fr(["français"]) == "français"
    assert join_fr(["français", "anglais", "italien"]) == "français, anglais et italien"


@pytest.mark.parametrize(("raw", "shown", "uri"), [
    ("0492210000", "04 92 21 00 00", "tel:+33-4-92-21-00-00"),
    ("+33 4 92 21 00 00", "04 92 21 00 00", "tel:+33-4-92-21-00-00"),
    ("06.12.34.56.78", "06 12 34 56 78", "tel:+33-6-12-34-56-78"),
    # Overseas numbers are written and shown as a French caller dials them, and their link
    # calls the right country code (+590 Guadeloupe, +596 Martinique, +594 Guyane, +262 La
    # Réunion and Mayotte).
    ("0590 12 34 56", "0590 12 34 56", "tel:+590-590-12-34-56"),
    ("+590 590 12 34 56", "0590 12 34 56", "tel:+590-590-12-34-56"),
    ("0690 12 34 56", "0690 12 34 56", "tel:+590-690-12-34-56"),
    ("0596 60 00 00", "0596 60 00 00", "tel:+596-596-60-00-00"),
    ("0594 29 00 00", "0594 29 00 00", "tel:+594-594-29-00-00"),
    ("0262 90 00 00", "0262 90 00 00", "tel:+262-262-90-00-00"),
    ("0692 12 34 56", "0692 12 34 56", "tel:+262-692-12-34-56"),
    ("0269 61 00 00", "0269 61 00 00", "tel:+262-269-61-00-00"),
])
def test_phone_display_and_link(raw: str, shown: str, uri: str) -> None:
    assert phones.display(raw) == shown
    assert phones.tel_uri(raw) == uri


def test_invalid_phone_is_refused() -> None:
    assert phones.parse_french("04 92") is None


def test_english_hours_dates_lists_and_phones() -> None:
    hours = Hours.from_data({"lundi": "08:30-12:00, 14:00-19:00", "mardi": "08:30-12:00, 14:00-19:00",
                             "jeudi": "09:00-12:00", "samedi": "09:00-12:00",
                             "dimanche": "09:00-12:00"})
    assert hours is not None
    assert hours_lines_en(hours) == [
        ("Monday and Tuesday", "8:30–12:00, 14:00–19:00"),
        ("Thursday", "9:00–12:00"),
        ("Saturday and Sunday", "9:00–12:00"),
    ]
    assert date_en(dt.date(2026, 10, 1)) == "1 October 2026"
    assert join_en(["French", "English", "Italian"]) == "French, English and Italian"
    assert phones.display_international("04 65 71 00 06") == "+33 4 65 71 00 06"
