"""The site's languages: French (the default, at the root) and English (under en/).

French is the source language: templates mark their text with `_()` or `{% trans %}`, and
data/translations/en/*.yml give the English of each French text (professions and structure
types included). Members' own text (names, addresses, notes, services) is shown as written.
A missing translation shows the French text; tests/test_i18n.py checks that none is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Language:
    code: str  # the `lang` attribute: « fr », « en »
    name: str  # its own name, for the language switch: « Français », « English »
    prefix: str  # where its pages live in the site: « » (root) or « en/ »

    def gettext(self, text: str) -> str:
        if self.code == DEFAULT.code:
            return text
        found = catalogue(self.code).get(" ".join(text.split()))
        return found if isinstance(found, str) else text

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        text = singular if n == 1 else plural
        if self.code == DEFAULT.code:
            return text
        found = catalogue(self.code).get(" ".join(singular.split()))
        if isinstance(found, list) and len(found) == 2:
            return str(found[0] if n == 1 else found[1])
        return text

    def page(self, src: str) -> str:
        """The path of page `src` (a French source path) in this language."""
        return self.prefix + src


DEFAULT = FRENCH = Language("fr", "Français", "")
ENGLISH = Language("en", "English", "en/")
LANGUAGES = (FRENCH, ENGLISH)


@cache
def catalogue(code: str) -> dict[str, str | list[str]]:
    """French text -> its translation, from every file of data/translations/<code>/ (one per
    part of the site). Keys are compared with their whitespace collapsed."""
    table: dict[str, str | list[str]] = {}
    folder = resources.files("cpts").joinpath(f"data/translations/{code}")
    for path in sorted((p for p in folder.iterdir() if p.name.endswith(".yml")),
                       key=lambda p: p.name):
        for key, value in (yaml.safe_load(path.read_text("utf-8")) or {}).items():
            table[" ".join(str(key).split())] = value
    return table


def language_named(code: str) -> Language | None:
    """The language whose code is `code` (« fr », « en »), or None."""
    return next((language for language in LANGUAGES if language.code == code), None)


def language_of(src: str) -> Language:
    """The language of a page of the docs tree, from its path."""
    for language in LANGUAGES:
        if language.prefix and src.startswith(language.prefix):
            return language
    return DEFAULT
