"""The language switch of every page: this page in the other language, or that language's home.

French pages are at the root, English ones under en/ with the same path (cpts/i18n.py). The
generation stage gives every Markdown page a front-matter key `cpts_langues`, which the theme
prints as the switch in the header (theme/partials/alternate.html) and, for real translations,
`cpts_versions`, listed as hreflang links in sitemap.xml (theme/sitemap.xml). Pages in another
language than French also get `lang`, which the theme reads (theme/partials/language.html).
"""

from __future__ import annotations

from collections.abc import Callable

from ..i18n import DEFAULT, LANGUAGES, language_of
from . import urls
from .alerts import with_front_matter
from .output import OutputFile, SiteContext

LANG_KEY = "lang"  # hand-written pages under content/en/ need not write it
SWITCH_KEY = "cpts_langues"
VERSIONS_KEY = "cpts_versions"


def add_language_links(files: dict[str, OutputFile], context: SiteContext) -> None:
    for path, output in list(files.items()):
        if path.endswith(".md"):
            text = output.content.decode("utf-8") if isinstance(output.content, bytes) else output.content
            files[path] = OutputFile(path, language_links(path, text, files.__contains__,
                                                          context).encode("utf-8"))


def language_links(path: str, text: str, exists: Callable[[str], bool],
                   context: SiteContext) -> str:
    """The text of Markdown page `path` with its language switch in its front matter; `exists`
    says which pages of the tree there are (all of them, or at least the page's translations)."""
    here = language_of(path)
    base = path[len(here.prefix):]
    switch = []
    versions = [{"code": here.code, "url": context.absolute(urls.page_url(path))}]
    for language in LANGUAGES:
        if language is here:
            continue
        target = language.page(base)
        if exists(target):
            versions.append({"code": language.code,
                             "url": context.absolute(urls.page_url(target))})
        else:
            target = language.page(urls.HOME)
        switch.append({"code": language.code, "libelle": language.name,
                       "lien": urls.link(path, target)})
    text = with_front_matter(text, SWITCH_KEY, switch)
    if here is not DEFAULT:  # the theme's <html lang> and interface words
        text = with_front_matter(text, LANG_KEY, here.code)
    if len(versions) > 1:  # <link rel="alternate" hreflang>: every version, this one too
        text = with_front_matter(text, VERSIONS_KEY, versions)
    return text


def translations(path: str) -> list[str]:
    """The paths `path` has in every other language."""
    here = language_of(path)
    base = path[len(here.prefix):]
    return [language.page(base) for language in LANGUAGES if language is not here]
