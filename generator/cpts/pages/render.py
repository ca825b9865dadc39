"""The Jinja environment of the generated pages: autoescaped, with the site's filters."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import jinja2
import yaml
from markupsafe import Markup

from .. import phones
from ..formatting import (
    date_en,
    date_fr,
    from_place_en,
    from_place_fr,
    hours_lines,
    hours_lines_en,
    join_en,
    join_fr,
)
from ..i18n import DEFAULT, Language
from ..nomenclature import nomenclature

SAFE_SCHEMES = ("https", "tel", "mailto")


def safe_url(url: str | None) -> str:
    """Only https, tel and mailto links ever reach a page; anything else becomes inert."""
    if not url:
        return "#"
    scheme = urlsplit(url).scheme.lower()
    if scheme in SAFE_SCHEMES or (not scheme and not url.startswith("//")):
        return url
    return "#"


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates, by name and source checksum (Jinja checks it), for this process."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


# Templates compiled once for every language: their environments differ only in globals and
# filters, which compiled code looks up when it runs.
_COMPILED = MemoryBytecodeCache()


@cache
def environment(language: Language = DEFAULT) -> jinja2.Environment:
    """The templates' environment in one language: `_()`, `{% trans %}` and the filters that
    write dates, hours, lists and phone numbers speak it; `lang` is the language itself."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cpts", "templates"),
        autoescape=True,  # every member-supplied string is escaped
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_COMPILED,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]
        language.gettext, language.ngettext, newstyle=True)
    env.globals["_"] = _gettext(language)
    english = language.code == "en"
    env.filters.update(
        date_fr=date_fr,  # French-only pages
        join_fr=join_fr,
        long_date=date_en if english else date_fr,
        hours_lines=hours_lines_en if english else hours_lines,
        join_and=join_en if english else join_fr,
        from_place=from_place_en if english else from_place_fr,
        # Visitors from abroad dial the international form: « +33 4 92 21 00 00 ».
        phone=phones.display_international if english else phones.display,
        tel=phones.tel_uri,
        safe_url=safe_url,
        labels=lambda codes, mapping: [mapping.get(c, c) for c in codes],
        # Vocabulary from data files (professions, structure types…) in the page's language.
        # Plain text, escaped on output — unlike `_()`, which marks its result as safe and is
        # kept for the templates' own literal text.
        tr=language.gettext,
    )
    env.globals["nomenclature"] = nomenclature()
    env.globals["lang"] = language
    return env


def _gettext(language: Language) -> Callable[..., Markup]:
    """`_()` of the templates: what Jinja's newstyle gettext gives (the translation, marked
    safe, formatted with the call's variables, which are escaped), the translation looked up
    once per text. Jinja's own goes through the template's context twice at every call, and
    an entry page makes about twenty."""
    translated = cache(lambda text: Markup(language.gettext(text)))

    def gettext(text: str, /, **variables: Any) -> Markup:
        return translated(text) % variables

    return gettext


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, when available
_PLAIN = str.maketrans({"&": "et", "<": "‹", ">": "›", '"': "”", "`": "'"})


def plain(text: str) -> str:
    """Text safe to print unescaped: themes print `page.meta.title` into <title> and
    `description` into an attribute without escaping, so markup characters never reach them."""
    return " ".join(text.translate(_PLAIN).split())


# Front-matter key of a page whose body is finished HTML from our templates: the cpts MkDocs
# plugin gives it to the theme as is, without Python-Markdown (engines that do not know the key,
# such as Zensical, convert it as Markdown, which leaves raw HTML blocks as they are).
HTML_BODY_KEY = "cpts_html"


def render_page(template: str, front_matter: dict[str, Any], language: Language = DEFAULT,
                **context: Any) -> str:
    """A Markdown page: YAML front matter (safely dumped, plain text) then the HTML body."""
    body = environment(language).get_template(template).render(**context)
    safe_meta = {k: plain(v) if isinstance(v, str) else v for k, v in front_matter.items()}
    safe_meta[HTML_BODY_KEY] = True
    meta = yaml.dump(safe_meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{meta}---\n\n{body}"
