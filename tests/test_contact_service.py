"""The contact service with real parts: uvicorn on 127.0.0.1, SQLite, an aiosmtpd server.

What the CPTS receives (the mail), what a sender reads when refused (French), and that no
message is ever lost or sent twice: SMTP server down, service killed between store and send.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import time
from pathlib import Path

import pytest

from cpts.cli import main
from cpts.contact.app import RateLimiter
from cpts.contact.delivery import Worker
from cpts.contact.settings import SettingsError, load
from cpts.contact.store import Store

from .conftest import ROOT
from .contact_harness import (
    ORIGIN,
    SITE,
    MailSink,
    ServiceProcess,
    doctor_request,
    request,
    service_env,
    service_in_thread,
    site_settings,
    submit,
)


def _rows(database: Path) -> list[tuple]:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT id, reason, sent_at FROM messages ORDER BY id").fetchall()


def test_a_doctor_request_is_stored_then_mailed_to_the_cpts(tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink)
    with service_in_thread(settings) as url:
        answer = submit(url, doctor_request(), origin=ORIGIN)
        assert answer.status == 200, answer.text
        assert answer.json["ok"] is True and "bien été reçue" in answer.json["message"]
        assert answer.headers["access-control-allow-origin"] == ORIGIN
        [mail] = sink.wait_for(1)
        preflight = request("OPTIONS", url + "/messages", headers={"Origin": ORIGIN})
        assert preflight.status == 204
        assert preflight.headers["access-control-allow-origin"] == ORIGIN
        other = request("OPTIONS", url + "/messages", headers={"Origin": "https://x.example"})
        assert other.status == 403 and "access-control-allow-origin" not in other.headers
    assert mail["To"] == "contact@cpts-test.example"
    assert mail["Reply-To"] == "amelie.durand@courriel.example"
    assert mail["Subject"].endswith("Je cherche un médecin traitant — Amélie Durand")
    assert mail["Message-ID"].startswith("<cpts-contact.")
    body = mail.get_content()
    for line in ("Motif", "Je cherche un médecin traitant"), ("Téléphone", "04 65 71 00 12"), \
            ("Commune", "Briançon"), ("Personnes concernées dans le foyer", "3"), \
            ("Âges des personnes concernées", "de 6 à 17 ans, de 18 à 64 ans"), \
            ("Visites à domicile nécessaires", "Non"), \
            ("Disponibilités pour être rappelé", "en semaine, le matin, le samedi matin"):
        assert any(row.startswith(line[0]) and row.endswith(": " + line[1])
                   for row in body.splitlines()), (line, body)
    assert "Message" not in [row.split(":")[0].strip() for row in body.splitlines()]
    assert [(reason, sent is not None) for _, reason, sent in _rows(settings.database)] == [
        ("medecin_traitant", True)]
    assert settings.database.stat().st_mode & 0o077 == 0, "only the service may read messages"


def test_without_javascript_the_browser_goes_to_the_thank_you_page(
        tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink)
    with service_in_thread(settings) as url:
        fields = {"motif": "installation", "nom": "Roux", "prenom": "Léa",
                  "email": "lea.roux@courriel.example", "commune": "autre",
                  "message": "Infirmière, je cherche un cabinet à partager.\r\nMerci !",
                  "consentement": "oui", "site_web": ""}
        answer = submit(url, fields, origin=ORIGIN, wants_json=False)
        assert answer.status == 303
        assert answer.headers["location"] == SITE + "contact/merci/"
        [mail] = sink.wait_for(1)
    assert "Je souhaite m'installer sur le territoire — Léa Roux" in mail["Subject"]
    assert "  Infirmière, je cherche un cabinet à partager.\n  Merci !" in mail.get_content()
    assert "Une autre commune" in mail.get_content()


def test_an_english_form_is_answered_in_english_and_the_cpts_is_told(
        tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink)
    bad = doctor_request(nom="R2D2", langue="en", telephone="12", consentement=None)
    with service_in_thread(settings) as url:
        refused = submit(url, bad, origin=ORIGIN)
        page = submit(url, bad, origin=ORIGIN, wants_json=False)
        unknown = submit(url, doctor_request(langue="de"), origin=ORIGIN)
        sent = submit(url, doctor_request(langue="en"), origin=ORIGIN, wants_json=False)
        thanked = submit(url, doctor_request(langue="en", nom="Smith"), origin=ORIGIN)
        [mail, _] = sink.wait_for(2)
    errors = refused.json["erreurs"]
    assert refused.status == 400 and refused.json["message"].startswith("Your message has not")
    assert errors["nom"] == "Surname: use only letters, spaces, hyphens or apostrophes."
    assert "+44 7911 123456" in errors["telephone"]
    assert errors["consentement"].startswith("Tick the consent box")
    assert '<html lang="en">' in page.text and "Back button" in page.text
    assert 'href="https://cpts-test.example/annuaire/en/contact/">reopen the Contact page' in page.text
    # Only the two languages of the site: anything else is a form not sent from it.
    assert unknown.status == 400 and "langue inconnue" in unknown.json["message"]
    # Without JavaScript, the thank-you page in English; with it, English words.
    assert sent.status == 303 and sent.headers["location"] == SITE + "en/contact/merci/"
    assert thanked.json["message"] == ("Thank you, your request has been received. The CPTS "
                                       "will reply by phone or email.")
    # The CPTS reads the request in French, and knows to answer in English.
    assert mail["Subject"].endswith("Je cherche un médecin traitant — Amélie Durand")
    assert re.search(r"^Langue du formulaire +: anglais$", mail.get_content(), re.M)
    assert [row[1] for row in _rows(settings.database)] == ["medecin_traitant"] * 2


# Each refused submission: what is sent, the status and words of the French answer.
REFUSED = {
    "trop long": (dict(doctor_request(), motif="autre", personnes=None, message="x" * 20_000),
                  {}, 413, "trop long"),
    "illisible": (b"motif=autre&nom=%FF%FE", {}, 400, "illisible"),
    "autre format": (b'{"motif": "autre"}', {"content_type": "application/json"}, 415,
                     "Format d'envoi non reconnu"),
    "champ inconnu": (dict(doctor_request(), symptomes="fièvre"), {}, 400, "champ inattendu"),
    "champ en double": ([("motif", "autre"), ("motif", "adhesion")], {}, 400,
                        "envoyé plusieurs fois"),
    "motif inconnu": (doctor_request(motif="urgence"), {}, 400, "Choisissez le motif"),
    "autre site": (doctor_request(), {"origin": "https://pirate.example"}, 403,
                   "que les envois depuis le site de la CPTS"),
    "sans origine": (doctor_request(), {"origin": None}, 403,
                     "que les envois depuis le site de la CPTS"),
    "robot": (doctor_request(site_web="https://spam.example"), {}, 400,
              "réservé à la détection des robots"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_refused_submissions_get_a_clear_french_answer_and_store_nothing(
        case: str, tmp_path: Path, sink: MailSink) -> None:
    fields, options, status, words = REFUSED[case]
    settings = site_settings(tmp_path, sink)
    origin = options.get("origin", ORIGIN)
    content_type = options.get("content_type", "application/x-www-form-urlencoded")
    with service_in_thread(settings) as url:
        as_json = submit(url, fields, origin=origin, content_type=content_type)
        as_page = submit(url, fields, origin=origin, content_type=content_type, wants_json=False)
        time.sleep(0.2)
    said = as_json.json["message"] + " " + " ".join(as_json.json["erreurs"].values())
    assert as_json.status == status and words in said, as_json.text
    assert as_json.json["ok"] is False
    assert as_page.status == status
    assert '<html lang="fr">' in as_page.text and words in as_page.text.replace("&#x27;", "'")
    assert _rows(settings.database) == [] and sink.received == []


def test_field_errors_name_the_field_and_what_to_write(tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink)
    bad = doctor_request(nom="", telephone="12", email="amelie@", commune="", personnes="40",
                         visites_domicile=None, consentement=None,
                         message="J'ai du diabète et je cherche un médecin")
    with service_in_thread(settings) as url:
        answer = submit(url, bad, origin=ORIGIN)
    errors = answer.json["erreurs"]
    assert answer.status == 400
    assert errors["nom"] == "Indiquez votre nom."
    assert "écrivez les 10 chiffres" in errors["telephone"]
    assert "prenom.nom@exemple.fr" in errors["email"]
    assert "Choisissez votre commune" in errors["commune"]
    assert "de 1 à 10" in errors["personnes"]
    assert "visites à domicile" in errors["visites_domicile"]
    assert "consentement" in errors["consentement"]
    # No free text about health in a doctor request: refused, with the reason.
    assert "n'écrivez rien sur votre santé" in errors["message"]
    assert _rows(settings.database) == []


def test_the_rate_limit_holds(tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink, rate_limit=3, rate_window=600)
    with service_in_thread(settings) as url:
        answers = [submit(url, doctor_request(nom=f"Essai {'abcdef'[i]}"), origin=ORIGIN)
                   for i in range(5)]
        sink.wait_for(3)
    assert [a.status for a in answers] == [200, 200, 200, 429, 429]
    assert "Trop d'envois depuis votre connexion : attendez 10 minutes" in answers[3].json["message"]
    assert answers[3].headers["retry-after"]
    assert len(_rows(settings.database)) == 3

    limiter = RateLimiter(limit=2, window=60)
    assert [limiter.check("a", now=t) for t in (0, 1)] == [0, 0]
    assert limiter.check("a", now=30) == pytest.approx(30)
    assert limiter.check("b", now=30) == 0, "another client is not slowed down"
    assert limiter.check("a", now=61) == 0, "the window slides"


def test_smtp_server_down_50_messages_all_delivered_once(tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink, rate_limit=1000)
    sink.stop()
    names = [f"Attente {chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(50)]
    with service_in_thread(settings) as url:
        answers = [submit(url, doctor_request(nom=name), origin=ORIGIN) for name in names]
        assert all(a.status == 200 for a in answers)
        time.sleep(0.6)  # the sender tries, fails and backs off
        with sqlite3.connect(settings.database) as db:
            pending, attempts = db.execute(
                "SELECT COUNT(*), MIN(attempts) FROM messages WHERE sent_at IS NULL").fetchone()
        assert pending == 50 and attempts >= 1, "queued and retried while the server is down"
        sink.start()
        mails = sink.wait_for(50, timeout=20)
        time.sleep(1.0)  # would a message come twice?
        assert request("GET", url + "/etat").json == {"ok": True, "en_attente": 0}
    received = sorted(str(m["Subject"]).rsplit("— Amélie ", 1)[1] for m in sink.wait_for(50))
    assert len(mails) == 50 and received == sorted(names)
    assert len({m["Message-ID"] for m in mails}) == 50


def test_service_killed_between_store_and_send_loses_nothing(tmp_path: Path) -> None:
    sink = MailSink()  # not started: the service can store but not send
    database = tmp_path / "state" / "messages.sqlite3"
    env = service_env(database, sink.port, SITE, retry_min=0.2, retry_max=0.5)
    service = ServiceProcess(env).start()
    try:
        answers = [submit(service.url, doctor_request(nom=f"Crash {c}"), origin=ORIGIN)
                   for c in "ABCDEFGH"]
        assert all(a.status == 200 for a in answers)
        # Stored before the answer: all 8 are in the database, none sent.
        assert [(reason, sent) for _, reason, sent in _rows(database)] == [
            ("medecin_traitant", None)] * 8
        service.kill()
        with sink:
            service = ServiceProcess(env).start()
            mails = sink.wait_for(8, timeout=20)
            time.sleep(1.0)
            assert len(sink.received) == 8
    finally:
        service.stop()
    assert sorted(m["Subject"].rsplit(" ", 1)[1] for m in mails) == list("ABCDEFGH")
    assert all(sent is not None for _, _, sent in _rows(database))


def test_one_service_per_database(tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink)
    first = Worker(settings)
    first.open()
    try:
        with pytest.raises(SettingsError, match="Un autre service de contact utilise déjà"):
            Worker(settings).open()
    finally:
        first.stop()


def test_export_and_purge_for_the_staff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "messages.sqlite3"
    store = Store(database)
    old = time.time() - 100 * 86400
    store.add({"motif": "autre", "nom": "Ancien", "prenom": "Paul", "telephone": "04 65 71 00 13",
               "commune": "Névache", "message": "=HYPERLINK(\"x\")", "consentement": "oui"}, old)
    store.add(doctor_request(nom="Récent"))
    store.close()

    out = tmp_path / "export.csv"
    assert main(["contact", "export", "--database", str(database), "--out", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Numéro", "Reçu le", "Envoyé le", "Motif", "Nom"]
    assert [r[4] for r in rows[1:]] == ["Ancien", "Récent"]
    assert rows[1][2] == "en attente"
    assert "'=HYPERLINK" in rows[1][rows[0].index("Message")], "no formula runs in a spreadsheet"
    assert out.stat().st_mode & 0o077 == 0
    in_repository = ROOT / "export-test.csv"
    assert main(["contact", "export", "--database", str(database), "--out",
                 str(in_repository)]) == 1
    assert not in_repository.exists() and "est dans le dépôt Git" in capsys.readouterr().err

    assert main(["contact", "purge", "--older-than", "90d", "--database", str(database)]) == 0
    printed = capsys.readouterr()
    assert "1 messages de plus de 90 jours supprimés." in printed.out
    assert "jamais été transmis" in printed.err
    assert [r[0] for r in _rows(database)] == [2]


def test_messages_never_go_into_the_git_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for key, value in service_env(ROOT / "messages.sqlite3", 2525, SITE).items():
        monkeypatch.setenv(key, value)
    assert main(["contact", "serve"]) == 1
    assert "est dans le dépôt Git" in capsys.readouterr().err
    assert not (ROOT / "messages.sqlite3").exists()
    # The default place is outside any checkout.
    settings = load(env={"CPTS_CONTACT_SITE_URL": SITE, "CPTS_CONTACT_RECIPIENT": "a@b.example",
                         "HOME": str(tmp_path)})
    assert settings.database == tmp_path / ".local/state/cpts-contact/messages.sqlite3"


def test_settings_errors_name_the_variable(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="CPTS_CONTACT_RECIPIENT"):
        load(env={"CPTS_CONTACT_SITE_URL": SITE})
    with pytest.raises(SettingsError, match="CPTS_CONTACT_SMTP_TLS : écrivez starttls"):
        load(env={"CPTS_CONTACT_SITE_URL": SITE, "CPTS_CONTACT_RECIPIENT": "a@b.example",
                  "CPTS_CONTACT_SMTP_TLS": "oui"})
    config = tmp_path / "contact.toml"
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    config.write_text(f'site_url = "{SITE}"\nrecipient = "contact@cpts-test.example"\n'
                      f'smtp_port = 465\nsmtp_tls = "ssl"\nrate_limit = 4\n')
    settings = load(config, env={"CPTS_CONTACT_SMTP_PASSWORD_FILE": str(secret),
                                 "CPTS_CONTACT_RATE_LIMIT": "7", "HOME": str(tmp_path)})
    assert (settings.smtp_port, settings.smtp_tls, settings.smtp_password) == (465, "ssl", "s3cret")
    assert settings.rate_limit == 7, "the environment wins over the file"
    assert settings.allowed_origins == (ORIGIN,)
    assert settings.thanks_url == SITE + "contact/merci/"


def test_the_service_deletes_messages_past_the_retention_period(
        tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink)
    store = Store(settings.database)
    store.add(doctor_request(nom="Périmé"), now=time.time() - 91 * 86400)
    store.close()
    with service_in_thread(settings) as url:
        submit(url, doctor_request(nom="Actuel"), origin=ORIGIN)
        [mail] = sink.wait_for(1)
        time.sleep(0.3)
    assert mail["Subject"].endswith("Amélie Actuel")
    assert [reason for _, reason, _ in _rows(settings.database)] == ["medecin_traitant"]
    assert len(sink.received) == 1, "a message past its retention is deleted, not sent"


def test_a_full_queue_refuses_new_messages_plainly(tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink, max_pending=2)
    sink.stop()  # nothing leaves the queue
    with service_in_thread(settings) as url:
        answers = [submit(url, doctor_request(nom=f"Plein {c}"), origin=ORIGIN) for c in "ABC"]
    assert [a.status for a in answers] == [200, 200, 503]
    assert "saturé" in answers[2].json["message"] and answers[2].headers["retry-after"]
    assert len(_rows(settings.database)) == 2
