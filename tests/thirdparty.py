"""Find what a built site would make a visitor's browser load from another host by itself.

Scans every page (.html), stylesheet (.css), script (.js) and web app manifest of a built site
for absolute (or protocol-relative) URLs in places the browser fetches without a click:

- HTML: `src`, `srcset`, `poster`, `data`, `<link rel=stylesheet|preload|icon|manifest|…>`,
  SVG `<use>`/`<image>` `href`, `<base href>`, `<meta http-equiv=refresh>`, inline `<style>`,
  `style=""` attributes and inline scripts;
- CSS: `url(…)` and `@import`;
- JavaScript: every string literal that is an absolute http(s) URL (minified code hides
  `fetch`, `XMLHttpRequest` and `importScripts` calls, a literal URL it cannot hide), less the
  few that are known not to be requests (`NOT_REQUESTS`, each with its reason);
- manifests: every `src` (icons, screenshots).

Plain hyperlinks (`<a href>`, `<link rel=canonical>`, JSON-LD) are not requests. A
`<link rel=alternate>` is one: Material's script fetches the `sitemap.xml` beside each (to keep
the page when the language changes), from every visitor's browser. (Hence the hreflang
versions of a page are in the sitemap, theme/sitemap.xml, not in its head.)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

# <link rel> values whose href the browser fetches (or connects to) by itself.
LOADED_RELS = frozenset({
    "stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "prerender", "icon",
    "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon", "manifest", "modulepreload",
})
_SRC_ATTRIBUTES = ("src", "poster", "data", "background")
_SRCSET_ATTRIBUTES = ("srcset", "imagesrcset")
_SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")

# String literals of the site's scripts that are absolute URLs but not requests: (file name
# pattern, URL pattern, why it is never fetched here). tests/test_privacy.py checks the
# conditions hold (no Mermaid diagram, no repo_url).
NOT_REQUESTS = (
    (r".*", r"http://www\.w3\.org/2000/svg", "the SVG namespace, never fetched"),
    (r"pagefind/.*", r"https://p|https://example\.com\$\{\w+\}",
     "Pagefind's base to parse relative URLs, never fetched"),
    (r"assets/javascripts/bundle\..*", r"https://unpkg\.com/resize-observer-polyfill",
     "Material loads it only in browsers without ResizeObserver (none that it supports)"),
    (r"assets/javascripts/bundle\..*", r"https://unpkg\.com/mermaid@\d+/dist/mermaid\.min\.js",
     "Material loads it only on pages with a Mermaid diagram (the site has none)"),
    (r"assets/javascripts/bundle\..*",
     r"https://api\.github\.com/(repos|users)/.*|https://\$\{\w+\}/api/v4/projects/.*",
     "Material asks GitHub or GitLab only when mkdocs.yml has repo_url (the site has none)"),
)

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""url\(\s*(["']?)(.*?)\1\s*\)""", re.I | re.S)
_CSS_IMPORT = re.compile(r"""@import\s+(["'])(.*?)\1""", re.I)
# A string literal that starts with an absolute URL: "https://…", 'http://…', `https://…`.
_JS_URL = re.compile(r"""(["'`])(https?://[^"'`\s\\]*)""", re.I)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.I)


@dataclass(frozen=True, order=True)
class Reference:
    """A resource of another host that a file makes the browser load."""

    file: str  # relative to the site root
    where: str  # « <img src> », « CSS url() », « JS string »…
    url: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where} {self.url}"


def is_outside(url: str) -> bool:
    """An absolute http(s) or protocol-relative URL to a host other than this machine."""
    url = url.strip()
    if not url.startswith(("http://", "https://", "//")) and not url.lower().startswith(
            ("http:", "https:")):
        return False
    return urlsplit(url).hostname not in (None, "127.0.0.1", "localhost")


def css_references(text: str) -> list[tuple[str, str]]:
    text = _CSS_COMMENT.sub("", text)
    found = [("CSS url()", m.group(2).strip()) for m in _CSS_URL.finditer(text)]
    found += [("CSS @import", m.group(2).strip()) for m in _CSS_IMPORT.finditer(text)]
    return [(where, url) for where, url in found if is_outside(url)]


def js_references(text: str, file: str = "") -> list[tuple[str, str]]:
    """Absolute URLs written as string literals, less hyperlinks in HTML strings
    (`'<a href="https://…">'`) and the NOT_REQUESTS of this file."""
    found = []
    for match in _JS_URL.finditer(text):
        url = match.group(2)
        before = text[max(0, match.start() - 8):match.start()].replace("\\", "")
        if before.rstrip().endswith("href="):
            continue  # a hyperlink built as HTML: « <a href="https://leafletjs.com"> »
        if any(re.fullmatch(files, file) and re.fullmatch(urls, url)
               for files, urls, _ in NOT_REQUESTS):
            continue
        if is_outside(url):
            found.append(("JS string", url))
    return found


def srcset_urls(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


class _PageScanner(HTMLParser):
    def __init__(self, file: str) -> None:
        super().__init__(convert_charrefs=True)
        self.file = file
        self.found: list[tuple[str, str]] = []
        self._inline: str | None = None  # "script" or "style" while inside one
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in _SRC_ATTRIBUTES:
            if name in values:
                self._add(f"<{tag} {name}>", values[name])
        for name in _SRCSET_ATTRIBUTES:
            for url in srcset_urls(values.get(name, "")):
                self._add(f"<{tag} {name}>", url)
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels & LOADED_RELS:
            self._add(f"<link rel={' '.join(sorted(rels))}>", values.get("href", ""))
        if tag == "link" and values.get("rel") == "alternate":  # Material: link[rel=alternate]
            self._add("<link rel=alternate>", values.get("href", ""))
        if tag in ("use", "image", "base"):
            for name in ("href", "xlink:href"):
                if name in values:
                    self._add(f"<{tag} {name}>", values[name])
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            match = _REFRESH_URL.search(values.get("content", ""))
            if match:
                self._add("<meta http-equiv=refresh>", match.group(1))
        if "style" in values:
            self.found += [(f"<{tag} style> {where}", url)
                           for where, url in css_references(values["style"])]
        if tag == "style" or (tag == "script" and "src" not in values
                              and values.get("type", "").lower() in _SCRIPT_TYPES):
            self._inline, self._text = tag, []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._inline = None

    def handle_data(self, data: str) -> None:
        if self._inline:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._inline and tag == self._inline:
            text = "".join(self._text)
            found = css_references(text) if tag == "style" else js_references(text, self.file)
            self.found += [(f"<{tag}> {where}", url) for where, url in found]
            self._inline = None

    def _add(self, where: str, url: str) -> None:
        if is_outside(url):
            self.found.append((where, url.strip()))


def _manifest_references(text: str) -> list[tuple[str, str]]:
    def sources(value: object) -> list[str]:
        if isinstance(value, dict):
            return [u for k, v in value.items()
                    for u in ([v] if k == "src" and isinstance(v, str) else sources(v))]
        if isinstance(value, list):
            return [u for item in value for u in sources(item)]
        return []

    try:
        data = json.loads(text)
    except ValueError:
        return []
    return [("manifest src", url) for url in sources(data) if is_outside(url)]


def file_references(site: Path, path: Path) -> list[Reference]:
    """The outside resources one file of the site asks for."""
    file = path.relative_to(site).as_posix()
    text = path.read_text("utf-8", errors="replace")
    if path.suffix == ".html":
        scanner = _PageScanner(file)
        scanner.feed(text)
        scanner.close()
        found = scanner.found
    elif path.suffix == ".css":
        found = css_references(text)
    elif path.suffix in (".js", ".mjs"):
        found = js_references(text, file)
    elif path.suffix == ".webmanifest" or path.name == "manifest.json":
        found = _manifest_references(text)
    else:
        found = []
    return [Reference(file, where, url) for where, url in found]


def outside_references(site: Path, allowed: frozenset[str] = frozenset()) -> list[Reference]:
    """Every outside resource of the site, less the `allowed` URLs (the tile template)."""
    return sorted(ref for path in sorted(site.rglob("*")) if path.is_file()
                  for ref in file_references(site, path) if ref.url not in allowed)
