"""Every entry page offers « Modifier cette fiche » and « Signaler une erreur » (a prefilled
GitHub issue form, or an e-mail to the CPTS for people without a GitHub account)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

from .conftest import ROOT


class Links(HTMLParser):
    """The links of a page: (text, href)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append(("".join(self._text).strip(), self._href))
            self._href = None


def links_of(page: Path) -> dict[str, str]:
    parser = Links()
    parser.feed(page.read_text("utf-8"))
    return dict(parser.links)


def test_professional_page_links_to_edit_report_and_mail(demo_site: Path) -> None:
    links = links_of(demo_site / "professionnels" / "andrieu-clement" / "index.html")
    repo = "https://github.com/cpts-grand-brianconnais/annuaire"
    source = "directory/professionnels/andrieu-clement.yml"

    assert links["Modifier cette fiche"] == f"{repo}/edit/main/{source}"

    report = urlsplit(links["Signaler une erreur"])
    assert f"{report.scheme}://{report.netloc}{report.path}" == f"{repo}/issues/new"
    query = parse_qs(report.query)
    assert query == {"template": ["signaler-une-erreur.yml"],
                     "title": ["Erreur sur la fiche : M. Clément Andrieu"], "fiche": [source]}
    # The form exists and its field id is the one prefilled.
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / query["template"][0]).read_text("utf-8"))
    assert "fiche" in {item.get("id") for item in form["body"]}

    mail = urlsplit(links["écrire à la CPTS"])
    assert mail.scheme == "mailto" and mail.path == "contact@cpts-grand-brianconnais.example"
    fields = dict(part.split("=", 1) for part in mail.query.split("&"))
    assert unquote(fields["subject"]) == "Erreur sur la fiche : M. Clément Andrieu"
    assert "+" not in fields["subject"]  # mail clients do not read « + » as a space
    assert unquote(fields["body"]).startswith(f"Fiche : {source}\n")


def test_structure_page_has_the_same_links(demo_site: Path) -> None:
    links = links_of(demo_site / "structures" / "msp-briancon" / "index.html")
    assert links["Modifier cette fiche"].endswith("/edit/main/directory/structures/msp-briancon.yml")
    assert "fiche=directory%2Fstructures%2Fmsp-briancon.yml" in links["Signaler une erreur"]
    assert links["écrire à la CPTS"].startswith("mailto:contact@cpts-grand-brianconnais.example?subject=")
