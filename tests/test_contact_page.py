"""The « Contact » page as a person sees it: the form (a browser fills it, the CPTS gets the
mail), with or without JavaScript, and the e-mail/phone fallback of a site with no service."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from cpts.contact import form
from cpts.directory.problems import errors
from cpts.directory.validate import validate_directory
from cpts.pages.stage import generate
from cpts.rendering.engine import build_site

from .browser import browser_page, serve_directory
from .conftest import EXAMPLES, ROOT, TODAY
from .contact_harness import MailSink, service_env, service_in_thread, settings_for


def _configure(project: Path, action: str) -> None:
    territory = project / "directory" / "territoire.yml"
    text = territory.read_text(encoding="utf-8")
    territory.write_text(text + f"formulaire_contact: {action}\n", encoding="utf-8")


class _Fields(HTMLParser):
    """The names of the form's controls, and the text of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.required: set[str] = set()
        self.forms: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append(attributes)
        if tag in ("input", "select", "textarea") and attributes.get("name"):
            self.names.add(str(attributes["name"]))
            if "required" in attributes:
                self.required.add(str(attributes["name"]))


def test_the_form_asks_only_what_the_service_accepts(project: Path, today: dt.date) -> None:
    _configure(project, "https://contact.cpts-exemple.example/messages")
    generate(project, project / "build" / "docs", today=today)
    page = (project / "build" / "docs" / "contact" / "index.md").read_text(encoding="utf-8")
    parsed = _Fields()
    parsed.feed(page)
    assert parsed.forms == [parsed.forms[0]] and parsed.forms[0]["method"] == "post"
    assert parsed.forms[0]["action"] == "https://contact.cpts-exemple.example/messages"
    # Template and validator agree: no field the service would refuse, none it expects missing.
    assert parsed.names == set(form.FIELDS)
    # Conditional questions are not `required` in HTML: a page without JavaScript shows them all.
    assert parsed.required == {"motif", "nom", "prenom", "commune", "consentement"}
    for words in ("N'indiquez rien sur votre santé", "(obligatoire)", "appelez le <a href=\"tel:15\">",
                  "service d'accès aux soins (SAS)", "tel:3237", "Responsable du traitement",
                  "Base légale", "Votre consentement", "90 jours", "Réclamation",
                  "https://www.cnil.fr/fr/plaintes", "Ne remplissez pas ce champ",
                  'href="../a-propos/confidentialite/">politique de confidentialité'):
        assert words in page, words
    # Nothing that invites health data.
    assert not re.search(r"name=\"(symptom|diagnostic|ald|traitement|pathologie)", page, re.I)


def test_a_wrong_service_address_is_explained(base_directory: Path, today: dt.date) -> None:
    territory = base_directory / "territoire.yml"
    territory.write_text(territory.read_text(encoding="utf-8")
                         + "formulaire_contact: http://contact.cpts.example/messages\n",
                         encoding="utf-8")
    _, problems = validate_directory(base_directory, today)
    [problem] = errors(problems)
    assert problem.field == "formulaire_contact"
    assert "https://contact.cpts-exemple.fr/messages" in problem.message


def test_without_a_service_the_page_offers_mail_and_phone(demo_site: Path) -> None:
    page = (demo_site / "contact" / "index.html").read_text(encoding="utf-8")
    assert "<form" not in page.split('class="cpts-contact"')[1]
    links = re.findall(r'href="(mailto:[^"]+)"', page)
    subjects = {parse_qs(urlsplit(link.replace("&amp;", "&")).query).get("subject", [""])[0]
                for link in links}
    assert "Je cherche un médecin traitant — site de la CPTS" in subjects
    doctor = next(unquote(link) for link in links if "body=" in link)
    assert "Nombre de personnes du foyer" in doctor and "rien sur votre santé" in doctor
    assert 'href="tel:+33-4-65-71-00-67"' in page
    assert "Vos données personnelles" in page and "Contact" in re.sub(r"\s+", " ", page)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, MailSink]]:
    """A built site whose form posts to a real service, which mails a real SMTP server."""
    root = tmp_path_factory.mktemp("contact")
    project = root / "project"
    for name in ("content",):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(EXAMPLES / "base", project / "directory")
    site = root / "site"
    site.mkdir()
    with serve_directory(site) as site_url, MailSink() as sink:
        env = service_env(root / "state" / "messages.sqlite3", sink.port, site_url)
        with service_in_thread(settings_for(env)) as service:
            _configure(project, service + "/messages")
            build_site(project, site_dir=site, today=TODAY)
            yield site_url, sink



@pytest.mark.browser
def test_a_person_fills_the_form_and_the_cpts_gets_the_mail(
        live: tuple[str, MailSink]) -> None:
    site_url, sink = live
    before = len(sink.received)
    with browser_page(width=390) as (page, watch):
        page.goto(site_url + "contact/")
        page.get_by_label("Je cherche un médecin traitant").check()
        # The doctor questions appear, the free-text message does not.
        assert page.get_by_label("Combien de personnes du foyer").is_visible()
        assert not page.locator("#message").is_visible()
        page.evaluate("window.stillHere = true")
        page.get_by_role("button", name="Envoyer ma demande").click()
        summary = page.locator("#cpts-contact-summary")
        assert summary.is_visible() and "champs sont à corriger" in summary.inner_text()
        assert page.locator("#nom-erreur").inner_text() == "Indiquez votre nom."
        assert page.locator("#nom").get_attribute("aria-invalid") == "true"
        assert "téléphone ou une adresse e-mail" in page.locator("#telephone-erreur").inner_text()

        page.get_by_label("Nom").first.fill("Morel")
        page.get_by_label("Prénom").fill("Théo")
        page.get_by_label("Téléphone").fill("04 65 71 00 42")
        page.locator("#nom").focus()
        assert page.locator("#telephone-erreur").is_hidden(), "inline: the error goes when fixed"
        page.get_by_label("Votre commune").select_option("Briançon")
        page.get_by_label("Combien de personnes du foyer").select_option("2")
        page.get_by_label("75 ans et plus").check()
        page.get_by_label("Oui, une personne ne peut pas se déplacer").check()
        page.get_by_label("en semaine, l'après-midi").check()
        page.get_by_label("J'accepte que la").check()
        page.get_by_role("button", name="Envoyer ma demande").click()
        done = page.locator("#cpts-contact-done")
        done.wait_for(state="visible", timeout=10_000)
        assert "bien été reçue" in done.inner_text()
        assert page.evaluate("window.stillHere") is True, "no page reload"
        assert page.locator("form[data-cpts-contact]").is_hidden()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        mails = sink.wait_for(before + 1)
    assert watch.page_errors == [] and watch.console_errors == [] and watch.blocked == []
    mail = mails[before]
    assert mail["Subject"].endswith("Je cherche un médecin traitant — Théo Morel")
    body = mail.get_content()
    assert re.search(r"Commune +: Briançon", body)
    assert re.search(r"Personnes concernées dans le foyer +: 2", body)
    assert re.search(r"Âges des personnes concernées +: 75 ans et plus", body)
    assert re.search(r"Visites à domicile nécessaires +: Oui, une personne", body)
    assert re.search(r"Disponibilités pour être rappelé +: en semaine, l'après-midi", body)
    assert "Reply-To" not in mail


@pytest.mark.browser
def test_without_javascript_the_form_posts_and_thanks(live: tuple[str, MailSink]) -> None:
    site_url, sink = live
    before = len(sink.received)
    with browser_page(javascript=False) as (page, watch):
        page.goto(site_url + "contact/")
        # Every question is visible without JavaScript; each part says when to answer it.
        assert page.get_by_text("Si vous cherchez un médecin traitant").is_visible()
        assert page.locator("#message").is_visible()
        page.get_by_label("Adhérer à la CPTS").check()
        page.get_by_label("Nom").first.fill("Garnier")
        page.get_by_label("Prénom").fill("Inès")
        page.get_by_label("Adresse e-mail").fill("ines.garnier@courriel.example")
        page.get_by_label("Votre commune").select_option("autre")
        page.get_by_label("Votre message").fill("Sage-femme libérale, je souhaite adhérer.")
        page.get_by_label("J'accepte que la").check()
        page.get_by_role("button", name="Envoyer ma demande").click()
        page.wait_for_url(site_url + "contact/merci/")
        assert "Merci, votre demande a bien été reçue" in page.locator("h1").inner_text()
        mails = sink.wait_for(before + 1)
    assert watch.blocked == []
    mail = mails[before]
    assert mail["Subject"].endswith("Adhérer à la CPTS — Inès Garnier")
    assert mail["Reply-To"] == "ines.garnier@courriel.example"
    assert "Sage-femme libérale, je souhaite adhérer." in mail.get_content()


@pytest.mark.browser
def test_an_english_visitor_fills_the_form_in_english(live: tuple[str, MailSink]) -> None:
    site_url, sink = live
    before = len(sink.received)
    with browser_page(width=390) as (page, watch):
        page.goto(site_url + "en/contact/")
        page.get_by_label("I am looking for a regular doctor").check()
        assert page.get_by_label("How many people in your household").is_visible()
        page.get_by_role("button", name="Send my request").click()
        summary = page.locator("#cpts-contact-summary")
        assert "fields need correcting" in summary.inner_text()
        assert page.locator("#nom-erreur").inner_text() == "Enter your surname."
        assert page.locator("#telephone-erreur").inner_text() == (
            "Give a phone number or an email address, so that the CPTS can reply to you.")
        page.get_by_label("Surname").fill("Smith")
        page.get_by_label("First name").fill("Jane")
        page.get_by_label("Phone").fill("+44 7911 123456")
        page.get_by_label("Your town").select_option("autre")
        page.get_by_label("How many people in your household").select_option("1")
        page.get_by_label("I don't know").check()
        page.get_by_label("I agree that the").check()
        page.get_by_role("button", name="Send my request").click()
        done = page.locator("#cpts-contact-done")
        done.wait_for(state="visible", timeout=10_000)
        assert "Thank you, your request has been received" in done.inner_text()
        mails = sink.wait_for(before + 1)
    assert watch.page_errors == [] and watch.blocked == []
    body = mails[before].get_content()
    assert mails[before]["Subject"].endswith("Je cherche un médecin traitant — Jane Smith")
    assert re.search(r"Téléphone +: \+44 7911 123456", body)
    assert re.search(r"Visites à domicile nécessaires +: Je ne sais pas", body)
    assert re.search(r"Langue du formulaire +: anglais", body)


@pytest.mark.browser
def test_without_javascript_an_english_form_thanks_in_english(live: tuple[str, MailSink]) -> None:
    site_url, sink = live
    before = len(sink.received)
    with browser_page(javascript=False) as (page, watch):
        page.goto(site_url + "en/contact/")
        page.get_by_label("Something else").check()
        page.get_by_label("Surname").fill("Brown")
        page.get_by_label("First name").fill("Tom")
        page.get_by_label("Email address").fill("tom.brown@mail.example")
        page.get_by_label("Your town").select_option("Briançon")
        page.get_by_label("Your message").fill("Is there a dentist open on Sundays?")
        page.get_by_label("I agree that the").check()
        page.get_by_role("button", name="Send my request").click()
        page.wait_for_url(site_url + "en/contact/merci/")
        assert page.locator("h1").inner_text() == "Thank you, your request has been received"
        sink.wait_for(before + 1)
    assert watch.blocked == []
