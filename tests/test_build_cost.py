"""What makes the build cheaper must not change what a visitor sees (issue #17): generated
pages reach the theme as our templates wrote them, and the shared navigation is each page's own."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

from cpts.rendering.engine import build_site
from cpts.rendering.whitespace import collapse_whitespace

from .conftest import TODAY

PRIMARY_NAV = re.compile(r'<nav class="md-nav md-nav--primary.*?</nav>', re.S)
HREF = re.compile(r'href="([^"#]*)"')
SPACE = re.compile(r"\s+")


def test_a_generated_page_body_is_not_converted_again_as_markdown(project: Path) -> None:
    # A page marked as HTML (as every page of our templates is) keeps text that Markdown would
    # have turned into markup; an ordinary Markdown page is still converted.
    (project / "content" / "brut.md").write_text(
        "---\ntitle: Brut\ncpts_html: true\n---\n\n<p>Texte</p>\n\n*pas en italique*\n")
    (project / "content" / "normal.md").write_text("# Normal\n\n*en italique*\n")
    site = build_site(project, today=TODAY)
    assert "*pas en italique*" in (site / "brut" / "index.html").read_text()
    assert "<em>en italique</em>" in (site / "normal" / "index.html").read_text()


def test_entry_pages_show_the_body_their_template_wrote(project: Path) -> None:
    # Up to runs of white space (which render as one): pages are lighter without indentation.
    site = build_site(project, today=TODAY)
    source = (project / "build" / "docs" / "professionnels" / "martin-claire.md").read_text()
    body = source.split("---\n", 2)[2]
    page = (site / "professionnels" / "martin-claire" / "index.html").read_text()
    assert SPACE.sub(" ", body).strip() in SPACE.sub(" ", page)
    assert "\n  " not in page.split("<body", 1)[1].split("<script", 1)[0], "indentation left"


def test_white_space_is_kept_where_it_shows() -> None:
    html = ("<p>a\n    b</p>\n\n   <pre>  x\n    y</pre>\n  <textarea>\n  t</textarea>"
            "<script>\n  var s = `a\n   b`;</script>")
    # A no-break space is text, not white space to drop; spaces within a line stay.
    assert collapse_whitespace("<p>\n  \u00a0: x  y</p>") == "<p>\n\u00a0: x  y</p>"
    assert collapse_whitespace(html) == (
        "<p>a\nb</p>\n<pre>  x\n    y</pre>\n<textarea>\n  t</textarea>"
        "<script>\n  var s = `a\n   b`;</script>")
    # A no-break space is text, not white space to drop; spaces within a line stay.
    assert collapse_whitespace("<p>\n  \u00a0: x  y</p>") == "<p>\n\u00a0: x  y</p>"


def test_shared_navigation_is_in_the_pages_language_and_its_links_lead_to_pages(
        project: Path) -> None:
    site = build_site(project, today=TODAY)
    pages = [*site.glob("professionnels/*/index.html"), *site.glob("en/professionnels/*/index.html"),
             *site.glob("annuaire/*/index.html")]
    assert len(pages) >= 4
    for page in pages:
        nav = PRIMARY_NAV.search(page.read_text())
        assert nav, page
        english = page.relative_to(site).parts[0] == "en"
        assert ("Home" in nav.group()) == english, page
        assert ("Accueil" in nav.group()) != english, page
        url = "http://site/" + page.parent.relative_to(site).as_posix() + "/"
        for href in HREF.findall(nav.group()):
            target = urljoin(url, href).removeprefix("http://site/")
            assert (site / target / "index.html").is_file() or (site / target).is_file(), (
                f"{page}: {href}")
