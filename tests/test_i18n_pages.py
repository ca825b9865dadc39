"""The prose pages a visitor needs, in English: same-day care, « La CPTS », contact and its
thank-you page. Same template as the French page, French page unchanged; English headings,
international phone numbers, links to English pages (or French ones that say so); and every
French text the producers or the contact service write has its English."""

from __future__ import annotations

import html as htmllib
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from cpts.contact import form
from cpts.contact.app import THANKS
from cpts.i18n import catalogue

from .test_same_day_care import listed

PAGES = {  # French page -> its English h1
    "soins-non-programmes/": "Same-day and emergency care",
    "a-propos/": "About the CPTS du Grand Briançonnais",
    "contact/": "Contact the CPTS",
    "contact/merci/": "Thank you, your request has been received",
}
FRENCH_H1 = {
    "soins-non-programmes/": "Soins non programmés et urgences",
    "a-propos/": "La CPTS du Grand Briançonnais",
    "contact/": "Contacter la CPTS",
    "contact/merci/": "Merci, votre demande a bien été reçue",
}


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def text(html: str) -> str:
    """What a person reads: tags out, entities decoded, spaces collapsed."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def content(html: str) -> str:
    """The page's own content (not the header, nav or footer of the theme)."""
    start = html.index('<div class="md-content"')
    return html[start:html.index("</article>", start)]


def links(html: str, page: str) -> list[tuple[str, str, str]]:
    """(site path the link leads to, hreflang, link text) of the page's own relative links."""
    found = []
    for attrs, label in re.findall(r"<a ([^>]*)>(.*?)</a>", content(html), re.S):
        href = re.search(r'href="([^"#]+)"', attrs)
        if not href or re.match(r"[a-z]+:", href[1]):
            continue
        target = posixpath.normpath(posixpath.join(page, href[1])) + "/"
        lang = re.search(r'hreflang="([^"]+)"', attrs)
        found.append((target, lang[1] if lang else "", text(label)))
    return found


@pytest.mark.parametrize("page", PAGES)
def test_each_page_exists_in_english_with_english_headings(demo_site: Path, page: str) -> None:
    english, french = read(demo_site, "en/" + page), read(demo_site, page)
    assert '<html lang="en"' in english and '<html lang="fr"' in french
    assert f"<h1>{PAGES[page]}</h1>" in english
    assert f"<h1>{FRENCH_H1[page]}</h1>" in french and PAGES[page] not in french
    # The front matter's title and description are English too.
    title = re.search(r"<title>(.*?)</title>", english)
    assert title and not re.search(r"Contacter|Soins non|Demande reçue", title[1]), title
    description = re.search(r'<meta name="description" content="([^"]*)"', english)
    assert description and re.search(r"\b(the|your|what)\b", description[1], re.I), description


def test_same_day_care_in_english(demo_site: Path) -> None:
    english, french = read(demo_site, "en/soins-non-programmes/"), read(demo_site,
                                                                         "soins-non-programmes/")
    words = text(content(english))
    for said in ("Life-threatening emergency: call 15", "SAMU, emergency medical service",
                 "Call your regular doctor (médecin traitant)", "duty pharmacy (pharmacie de garde)",
                 "Who can see you today?", "health professionals and facilities in the area see "
                 "patients the same day", "Call +33 4 65 71 00 51", "Directions"):
        assert said in words, said
    assert not re.search(r"Appeler le [0+]|Itinéraire|Consulter aujourd'hui", words)
    # Same list, same order, same numbers as the French page; names of professions in English.
    assert listed(english) == listed(french) and len(listed(english)) > 10
    assert "Doctor — General practice (GP)" in words and "Médecine générale" not in words
    # Entry links go to the English entry pages, which exist.
    entries = [t for t, _, _ in links(english, "en/soins-non-programmes/")
               if "/professionnels/" in t or "/structures/" in t]
    assert entries and all(t.startswith(("en/professionnels/", "en/structures/")) for t in entries)
    assert all((demo_site / t / "index.html").is_file() for t in entries)
    # 3237.fr is a French site: the English page says so.
    assert re.search(r'<a href="https://www.3237.fr/" rel="noopener" hreflang="fr">3237.fr</a> '
                     r"\(in French\)", english)
    # The French page is as it was: French words, national numbers, French links.
    french_words = text(content(french))
    assert "Appeler le 04 65 71 00 51" in french_words and "(in French)" not in french
    assert all(t.startswith(("professionnels/", "structures/"))
               for t, _, _ in links(french, "soins-non-programmes/")
               if "/professionnels/" in t or "/structures/" in t)


def test_about_page_in_english(demo_site: Path) -> None:
    english = read(demo_site, "en/a-propos/")
    words = text(content(english))
    for said in ("What is a CPTS?", "21 towns and villages (communes), 26,138 inhabitants",
                 "Villar-d'Arêne and Villar-Saint-Pancrace.", "Call +33 4 65 71 00 67",
                 "in an emergency, call 15"):
        assert said in words, said
    # The CPTS's own presentation is French, as written, and says so to screen readers.
    assert '<p class="cpts-trust__lead" lang="fr">' in english
    targets = {t: (lang, label) for t, lang, label in links(english, "en/a-propos/")}
    assert targets["en/soins-non-programmes/"] == ("", "same-day care")
    assert targets["en/contact/"] == ("", "Contact form")
    assert targets["prevention/"] == ("fr", "our prevention pages (in French)")
    french = text(content(read(demo_site, "a-propos/")))
    assert "21 communes, 26 138 habitants" in french and "Villar-d'Arêne et Villar" in french


def test_contact_pages_in_english(demo_site: Path) -> None:
    english = read(demo_site, "en/contact/")
    words = text(content(english))
    for said in ("This form is not for emergencies", "call the CPTS on +33 4 65 71 00 67",
                 "I am looking for a regular doctor (médecin traitant)", "Your personal data",
                 "90 days (3 months)", "The subject line is in French",
                 "By post: CPTS du Grand Briançonnais"):
        assert said.lower() in words.lower(), said
    targets = {t: (lang, label) for t, lang, label in links(english, "en/contact/")}
    assert targets["a-propos/confidentialite/"] == ("fr", "privacy policy (in French)")
    # The mail's subject stays French for the CPTS; the body says what to write in English.
    subjects = re.findall(r'href="mailto:[^"?]+\?subject=([^"&]+)', english)
    assert "Je%20cherche%20un%20m%C3%A9decin%20traitant" in subjects[0]
    thanks = read(demo_site, "en/contact/merci/")
    assert "call the CPTS on" in text(content(thanks))
    assert ("en/", "", "Back to the home page") in links(thanks, "en/contact/merci/")
    assert "Retour à l'accueil" in read(demo_site, "contact/merci/")


def test_the_doctor_mail_template_gives_the_english_of_each_line(demo_site: Path) -> None:
    def bodies(page: str) -> list[str]:
        return [unquote(body) for body in re.findall(
            r'href="mailto:[^"]+body=([^"]+)"', read(demo_site, page).replace("&amp;", "&"))]

    [english], [french] = bodies("en/contact/"), bodies("contact/")
    assert "Nom (surname) :" in english and "Do not write anything about your health" in english
    assert "Nom :" in french and "surname" not in french


def test_every_french_text_of_the_producers_and_the_service_has_its_english() -> None:
    """What is not in a template: titles and descriptions, the form's choices, and the
    service's answers to an English form (tests/test_i18n.py checks the templates)."""
    table = catalogue("en")
    texts = [THANKS, *form.REASONS.values(), *form.AGE_BANDS.values(), *form.HOME_VISITS.values(),
             *form.AVAILABILITY.values()]
    sources = [Path(__file__).parent.parent / "generator" / "cpts" / path for path in (
        "pages/soins.py", "pages/trust.py", "pages/contact.py", "contact/form.py",
        "contact/app.py")]
    for source in sources:
        code = source.read_text("utf-8")
        # t("…" "…") and gettext("…"): the texts the code translates, adjacent strings joined.
        for call in re.findall(r'\b(?:t|gettext)\(((?:\s*"(?:[^"\\]|\\.)*")+)', code):
            texts.append(" ".join("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', call)).split()))
    assert len(texts) > 40
    missing = sorted({t for t in texts if t not in table})
    assert not missing, f"add these to generator/cpts/data/translations/en/: {missing}"
