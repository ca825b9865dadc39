"""The Jinja environment of the generated pages: autoescaped, with the site's filters."""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlsplit

import jinja2
import yaml

from .. import phones
from ..formatting import date_fr, hours_lines, join_fr
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


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cpts", "templates"),
        autoescape=True,  # every member-supplied string is escaped
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(
        date_fr=date_fr,
        hours_lines=hours_lines,
        join_fr=join_fr,
        phone=phones.display,
        tel=phones.tel_uri,
        safe_url=safe_url,
        labels=lambda codes, mapping: [mapping.get(c, c) for c in codes],
    )
    env.globals["nomenclature"] = nomenclature()
    return env


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, when available
_PLAIN = str.maketrans({"&": "et", "<": "‹", ">": "›", '"': "”", "`": "'"})


def plain(text: str) -> str:
    """Text safe to print unescaped: themes print `page.meta.title` into <title> and
    `description` into an attribute without escaping, so markup characters never reach them."""
    return " ".join(text.translate(_PLAIN).split())


def render_page(template: str, front_matter: dict[str, Any], **context: Any) -> str:
    """A Markdown page: YAML front matter (safely dumped, plain text) then the HTML body."""
    body = environment().get_template(template).render(**context)
    safe_meta = {k: plain(v) if isinstance(v, str) else v for k, v in front_matter.items()}
    meta = yaml.dump(safe_meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{meta}---\n\n{body}"
