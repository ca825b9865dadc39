"""The contact service against input a visitor (or a robot) can send on purpose.

Real parts only: uvicorn on 127.0.0.1, SQLite, an aiosmtpd server. Each test asserts what
the sender reads (status, French words, CORS header the page's script needs) or what the
CPTS receives by mail, and that a refused submission stores nothing.
"""

from __future__ import annotations

import collections
import random
import re
import socket
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from cpts.cli import main
from cpts.contact.delivery import Worker
from cpts.contact.form import REASONS
from cpts.contact.proxies import TrustedProxies
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


def _stored(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return int(db.execute("SELECT COUNT(*) FROM messages").fetchone()[0])


# « personnes »: what str.isdigit() calls a digit but int() does not read, or too many digits.
BAD_PEOPLE = {"exposant": "²", "chiffre arabe": "٣", "5 000 chiffres": "3" * 5000,
              "pleine chasse": "３", "négatif": "-1", "zéro": "0", "onze": "11"}


@pytest.mark.parametrize("case", BAD_PEOPLE)
def test_household_size_other_than_1_to_10_in_ascii_digits_is_a_field_error(
        case: str, tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink, rate_limit=100)
    with service_in_thread(settings) as url:
        answer = submit(url, doctor_request(personnes=BAD_PEOPLE[case]), origin=ORIGIN)
        page = submit(url, doctor_request(personnes=BAD_PEOPLE[case]), origin=ORIGIN,
                      wants_json=False)
    assert answer.status == 400, answer.text
    assert answer.json["erreurs"] == {"personnes": "Indiquez combien de personnes du foyer "
                                                   "cherchent un médecin traitant (de 1 à 10)."}
    assert answer.headers["access-control-allow-origin"] == ORIGIN, "the page can show it"
    assert page.status == 400 and "de 1 à 10" in page.text and '<html lang="fr">' in page.text
    assert _stored(settings.database) == 0


def test_household_size_with_a_leading_zero_is_read_as_its_number(
        tmp_path: Path, sink: MailSink) -> None:
    with service_in_thread(site_settings(tmp_path, sink)) as url:
        assert submit(url, doctor_request(personnes="03"), origin=ORIGIN).status == 200
        [mail] = sink.wait_for(1)
    assert any(line.startswith("Personnes concernées dans le foyer") and line.endswith(": 3")
               for line in mail.get_content().splitlines())


# Addresses a mail header cannot carry as they are, or that a mail reader would turn into
# another address.
BAD_ADDRESSES = {
    "accent avant @": "élodie@courriel.example",
    "mot encodé": "=?utf-8?q?x?=@evil.example",
    "mot encodé base64": "=?utf-8?b?eA==?=@evil.example",
    "deux adresses": "a@courriel.example,b@evil.example",
    "chevrons": "a@courriel.example>b@evil.example",
    "domaine invalide": "a@-.example",
}


@pytest.mark.parametrize("case", BAD_ADDRESSES)
def test_an_address_a_mail_cannot_carry_as_is_is_refused_in_french(
        case: str, tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink)
    with service_in_thread(settings) as url:
        answer = submit(url, doctor_request(email=BAD_ADDRESSES[case]), origin=ORIGIN)
        time.sleep(0.2)
    assert answer.status == 400, answer.text
    assert answer.json["erreurs"] == {"email": "Adresse e-mail : elle n'est pas valide — "
                                               "écrivez-la en entier, par exemple "
                                               "prenom.nom@exemple.fr."}
    assert _stored(settings.database) == 0 and sink.received == []


def test_a_domain_with_accents_reaches_the_cpts_in_its_ascii_form(
        tmp_path: Path, sink: MailSink) -> None:
    with service_in_thread(site_settings(tmp_path, sink)) as url:
        answer = submit(url, doctor_request(email="amelie@café.example"), origin=ORIGIN)
        assert answer.status == 200, answer.text
        [mail] = sink.wait_for(1)
    [reply_to] = mail["Reply-To"].addresses
    assert reply_to.addr_spec == "amelie@xn--caf-dma.example"
    assert "amelie@xn--caf-dma.example" in mail.get_content()


# What Starlette would answer in English: each in French, as a page and as JSON.
HTTP_ERRORS = {
    "page inconnue": ("GET", "/", 404, "Page introuvable"),
    "adresse mal écrite": ("POST", "/message", 404, "Page introuvable"),
    "formulaire ouvert dans le navigateur": ("GET", "/messages", 405,
                                             "Adresse réservée au formulaire"),
    "méthode inconnue": ("PUT", "/messages", 405, "Adresse réservée au formulaire"),
    "état en écriture": ("POST", "/etat", 405, "Adresse réservée au formulaire"),
}


@pytest.mark.parametrize("case", HTTP_ERRORS)
def test_http_errors_are_answered_in_french(case: str, tmp_path: Path, sink: MailSink) -> None:
    method, path, status, title = HTTP_ERRORS[case]
    with service_in_thread(site_settings(tmp_path, sink)) as url:
        page = request(method, url + path, b"", {"Origin": ORIGIN})
        as_json = request(method, url + path, b"", {"Origin": ORIGIN,
                                                    "Accept": "application/json"})
    assert page.status == status
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="fr">' in page.text and f"<h1>{title}</h1>" in page.text
    assert 'href="https://cpts-test.example/annuaire/contact/"' in page.text
    for english in ("Not Found", "Method Not Allowed", "Internal Server Error"):
        assert english not in page.text and english not in as_json.text
    assert as_json.status == status and as_json.json["ok"] is False
    assert as_json.json["message"].startswith("Cette adresse")
    assert as_json.headers["access-control-allow-origin"] == ORIGIN
    if status == 405:  # the method the address takes, as HTTP asks
        allowed = set(page.headers["allow"].split(", "))
        assert allowed == ({"POST", "OPTIONS"} if path == "/messages" else {"GET", "HEAD"})


def test_a_failure_of_the_service_is_a_french_500_the_page_can_read(
        tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink)
    Store(settings.database).close()
    worker = Worker(settings)
    worker.store = Store(settings.database, readonly=True)  # as on a read-only disk
    with service_in_thread(settings, worker) as url:
        as_json = submit(url, doctor_request(), origin=ORIGIN)
        page = submit(url, doctor_request(), origin=ORIGIN, wants_json=False)
    assert as_json.status == 500
    assert as_json.json == {"ok": False, "erreurs": {}, "message": (
        "Le service de contact a rencontré une erreur : votre message n'a peut-être pas été "
        "enregistré. Réessayez dans quelques minutes, ou appelez la CPTS.")}
    assert as_json.headers["access-control-allow-origin"] == ORIGIN
    assert page.status == 500 and "<h1>Erreur du service de contact</h1>" in page.text
    assert "Traceback" not in page.text and "readonly" not in page.text
    assert sink.received == []


# --- Whose X-Forwarded-For counts -------------------------------------------------------------

UNTRUSTWORTHY = {"*": "n'importe qui", "0.0.0.0/0": "tout Internet", "::/0": "tout Internet",
                 "127.0.0.1, *": "n'importe qui", "proxy.local": "ni une adresse IP"}


@pytest.mark.parametrize("value", UNTRUSTWORTHY)
def test_trusting_every_proxy_is_refused_at_startup_in_french(
        value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    env = service_env(tmp_path / "state" / "messages.sqlite3", 2525, SITE, trusted_proxies=value)
    for key, setting in env.items():
        monkeypatch.setenv(key, setting)
    assert main(["contact", "serve"]) == 1
    said = capsys.readouterr().err
    assert said.startswith("CPTS_CONTACT_TRUSTED_PROXIES : ") and UNTRUSTWORTHY[value] in said
    assert "Traceback" not in said
    assert not (tmp_path / "state" / "messages.sqlite3").exists(), "refused before anything"


def test_the_container_image_trusts_no_outside_header_by_default() -> None:
    """The Containerfile's ENV, with what its env file must add, is accepted by the service
    and trusts no address but the container's own loopback."""
    text = (ROOT / "deploy" / "contact" / "Containerfile").read_text()
    block = re.search(r"^ENV (.*?[^\\])$", text, re.M | re.S)
    assert block is not None
    env = dict(item.split("=", 1) for item in block.group(1).replace("\\\n", " ").split())
    assert "CPTS_CONTACT_TRUSTED_PROXIES" not in env
    settings = load(env={**env, "CPTS_CONTACT_SITE_URL": SITE,
                         "CPTS_CONTACT_RECIPIENT": "contact@cpts-test.example"})
    assert settings.trusted_proxies == "127.0.0.1"
    assert settings.host == "0.0.0.0" and str(settings.database).startswith("/var/lib/")


def _burst(url: str, forwarded: list[str]) -> list[int]:
    return [submit(url, doctor_request(nom=f"Relais {'ABCDEFGH'[i]}"), origin=ORIGIN,
                   extra_headers={"X-Forwarded-For": hop}).status
            for i, hop in enumerate(forwarded)]


def test_behind_a_trusted_proxy_the_right_most_other_address_is_the_visitor(
        tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink, rate_limit=2, trusted_proxies="127.0.0.1, 10.0.0.0/8")
    with service_in_thread(settings) as url:
        # The visitor writes a new address each time; the proxies append the real one.
        spoofing = _burst(url, ["198.51.100.1, 203.0.113.7", "198.51.100.2, 203.0.113.7",
                                "198.51.100.3, 203.0.113.7, 10.1.2.3"])
        other = _burst(url, ["198.51.100.1, 203.0.113.8"])
        # IPv6: one /64 is one visitor, whatever its last 64 bits.
        ipv6 = _burst(url, ["2001:db8:1:1::1", "2001:db8:1:1::2", "2001:db8:1:1:ffff::3",
                            "2001:db8:1:2::1"])
    assert spoofing == [200, 200, 429], "a new address in front does not reset the limit"
    assert other == [200], "another visitor behind the same proxy is not slowed down"
    assert ipv6 == [200, 200, 429, 200]


def test_the_header_of_an_untrusted_connection_is_ignored(tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink, rate_limit=2, trusted_proxies="192.0.2.1")
    with service_in_thread(settings) as url:
        statuses = _burst(url, ["198.51.100.1", "198.51.100.2", "198.51.100.3"])
    assert statuses == [200, 200, 429], "the connection's own address is counted"


# --- The mail the CPTS receives ---------------------------------------------------------------

# Subjects whose folding lost the space between first name and surname (« LéaLefèvre »).
NAMES = [("Léa", "Lefèvre", "adhesion"), ("Léa", "O’Brien", "adhesion"), ("Zoé", "Élu", "adhesion"),
         ("Anne-Sophie", "De La Tour", "soins_non_programmes"),
         ("Éloïse Marie", "Léonard de Vinci-Montmorency", "installation"),
         ("é" * 80, "Durand " * 10 + "Lefèvre", "autre")]


def test_the_subject_keeps_every_space_of_the_name(tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink, rate_limit=100)
    with service_in_thread(settings) as url:
        for first, last, reason in NAMES:
            fields = {"motif": reason, "prenom": first, "nom": last.strip(),
                      "email": "lea@courriel.example", "commune": "autre",
                      "message": "Bonjour", "consentement": "oui"}
            assert submit(url, fields, origin=ORIGIN).status == 200
        mails = sink.wait_for(len(NAMES))
    subjects = sorted(str(m["Subject"]) for m in mails)
    assert subjects == sorted(f"[Contact n° {i}] {REASONS[reason]} — {first} {last.strip()}"
                              for i, (first, last, reason) in enumerate(NAMES, 1))
    for mail in mails:
        assert [a.addr_spec for a in mail["Reply-To"].addresses] == ["lea@courriel.example"]
        assert all(len(line) <= 78 for line in mail.as_string().splitlines()[:12])


def test_addresses_queued_by_an_older_version_never_become_another_reply_to(
        tmp_path: Path, sink: MailSink) -> None:
    """Before this version the form let these through; they may wait in a queue."""
    settings = site_settings(tmp_path, sink)
    store = Store(settings.database)
    for typed in ("=?utf-8?q?x?=@evil.example", "élodie@courriel.example",
                  "amelie@courriel.example"):
        store.add(doctor_request(email=typed, nom="Ancienne"))
    store.close()
    with service_in_thread(settings):
        mails = sink.wait_for(3)
    assert len(mails) == 3, "a bad address does not block the queue"
    replies = [m["Reply-To"] and [a.addr_spec for a in m["Reply-To"].addresses] for m in mails]
    assert replies == [None, None, ["amelie@courriel.example"]]
    assert "=?utf-8?q?x?=@evil.example" in mails[0].get_content(), "the CPTS still sees it"
    assert "x@evil.example" not in str(mails[0]).replace("=?utf-8?q?x?=@evil.example", "")


# --- Sent twice only when it cannot be known, and then said -----------------------------------

def _subject_name(mail: object) -> str:
    return str(mail["Subject"]).rsplit(" ", 1)[1]  # type: ignore[index]


@pytest.mark.parametrize("held", ["Doute", "Suite"])
def test_killed_while_the_server_holds_a_message_it_is_sent_again_marked_as_a_duplicate(
        held: str, tmp_path: Path) -> None:
    """The window the README describes: the mail server has a message, its 250 has not been
    recorded. After a kill -9 there, that message (and only it) comes again, marked.
    « Doute » is the first of its SMTP session; « Suite » was marked for handover in the same
    commit as « Doute »'s 250."""
    names = ["Doute", "Suite", "Fin"]
    place = names.index(held)
    slow = MailSink(answer_delay=60, delay_answers=(place,))  # keeps it, answers a minute later
    database = tmp_path / "state" / "messages.sqlite3"
    env = service_env(database, slow.port, SITE)
    store = Store(database)
    for name in names:
        store.add(doctor_request(nom=name))
    store.close()
    slow.start()
    service = ServiceProcess(env).start()
    try:
        first = slow.wait_for(place + 1)[place]
        service.kill()  # the server has `held`, the service never saw its 250
    finally:
        service.stop()
        slow.stop()
    with MailSink() as sink:
        service = ServiceProcess({**env, "CPTS_CONTACT_SMTP_PORT": str(sink.port)}).start()
        try:
            mails = sink.wait_for(3 - place)
            time.sleep(0.5)
        finally:
            service.stop()
    assert _subject_name(first) == held and "double" not in first["Subject"]
    assert sorted(_subject_name(m) for m in mails) == sorted(names[place:])
    assert len(sink.received) == 3 - place, "only the held message comes twice"
    again = next(m for m in mails if _subject_name(m) == held)
    assert again["Message-ID"] == first["Message-ID"]
    assert again["Subject"] == (f"[Contact n° {place + 1} — peut-être en double] Je cherche "
                                f"un médecin traitant — Amélie {held}")
    assert again["X-CPTS-Possible-Duplicate"] == "yes"
    assert (f"elle vous est peut-être déjà parvenue. Si vous avez déjà une demande n° "
            f"{place + 1} (même en-tête Message-ID), ignorez celle-ci."
            ) in " ".join(again.get_content().split())
    for other in (m for m in mails if _subject_name(m) != held):
        assert "double" not in other["Subject"] and other["X-CPTS-Possible-Duplicate"] is None
    assert "1 message(s) en cours d'envoi" in service.log.read_text()


@pytest.mark.parametrize("lost", ["Coupure", "Normal"])
def test_a_connection_lost_before_the_answer_resends_that_message_marked(
        lost: str, tmp_path: Path) -> None:
    """« Coupure » is the first of its SMTP session; « Normal » was marked for handover in the
    same commit as « Coupure »'s 250."""
    names = ["Coupure", "Normal"]
    sink = MailSink(drop_answers=(names.index(lost),)).start()
    try:
        settings = site_settings(tmp_path, sink)
        store = Store(settings.database)
        for name in names:
            store.add(doctor_request(nom=name))
        store.close()
        with service_in_thread(settings):
            mails = sink.wait_for(3)
            time.sleep(0.5)
    finally:
        sink.stop()
    subjects = [str(m["Subject"]) for m in sink.wait_for(3)]
    assert len(subjects) == 3, subjects
    number = names.index(lost) + 1
    expected = [f"[Contact n° {i}] Je cherche un médecin traitant — Amélie {name}"
                for i, name in enumerate(names, 1)]
    expected.append(f"[Contact n° {number} — peut-être en double] Je cherche un médecin "
                    f"traitant — Amélie {lost}")
    assert sorted(subjects) == sorted(expected)
    assert len({m["Message-ID"] for m in mails}) == 2


def test_a_queue_of_the_first_version_is_upgraded_in_place(tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink)
    settings.database.parent.mkdir(parents=True)
    with sqlite3.connect(settings.database) as db:  # the schema before handover/in_doubt
        db.executescript(
            "CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT "
            "NULL UNIQUE, received_at REAL NOT NULL, reason TEXT NOT NULL, fields TEXT NOT "
            "NULL, sent_at REAL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt REAL NOT "
            "NULL, last_error TEXT);")
        db.execute("INSERT INTO messages (message_id, received_at, reason, fields, next_attempt)"
                   " VALUES ('<old@x>', ?, 'autre', ?, 0)",
                   (time.time(), '{"motif": "autre", "nom": "Ancien", "prenom": "Paul", '
                                 '"telephone": "04 65 71 00 13", "commune": "Une autre commune",'
                                 ' "message": "Bonjour", "consentement": "oui"}'))
    export = Store(settings.database, readonly=True)  # export reads it before any upgrade
    assert [r.fields["nom"] for r in export.records()] == ["Ancien"]
    export.close()
    with service_in_thread(settings):
        [mail] = sink.wait_for(1)
    assert mail["Subject"] == "[Contact n° 1] Autre demande — Paul Ancien"


def test_a_request_http_cannot_parse_is_answered_in_french(tmp_path: Path) -> None:
    """The parser's own 400 (before any application code) from `cpts contact serve`."""
    env = service_env(tmp_path / "state" / "messages.sqlite3", 2525, SITE)
    service = ServiceProcess(env).start()
    try:
        answers = []
        for raw in (b"POST /messages HTTP/1.1\r\nHost: x\r\nEn tete sans deux-points\r\n\r\n",
                    b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03 TLS sur le port HTTP\r\n\r\n"):
            with socket.create_connection(("127.0.0.1", service.port), timeout=10) as conn:
                conn.sendall(raw)
                answers.append(b"".join(iter(lambda c=conn: c.recv(4096), b"")).decode())
    finally:
        service.stop()
    for answer in answers:
        head, _, body = answer.partition("\r\n\r\n")
        assert head.startswith("HTTP/1.1 400 ") and "text/plain; charset=utf-8" in head
        assert body == ("Demande illisible : Le service de contact n'a pas compris cette "
                        "demande : envoyez le formulaire depuis la page Contact du site.\n")
        assert "Invalid" not in answer


# --- Fuzz: whatever is sent, a French answer and never a 500 ----------------------------------

NASTY = ["²", "٣", "３", "1" * 5000, "-0", "1e3", " 3 ", "\x00", "a\r\nBcc: x@evil.example",
         "=?utf-8?q?x?=", "\u202eevil", "\u200b", "é" * 300, "<script>alert(1)</script>",
         "x@y", "@", "a@b.c", "a@b..example", "a@xn--.example", "a@" + "b" * 300 + ".example",
         "\ud800", "%00", "%FF", "+33 6 12 34 56 78", "0899 12 34 56", "'; DROP TABLE messages;",
         "\t", "Ω" * 81, "N'Guyen", "=HYPERLINK(\"x\")", "\x85", "\u2028", "0" * 3, "10", "11"]


def _mutations(count: int, seed: int) -> Iterator[bytes]:
    """Bodies derived from a valid form: one field replaced, repeated, dropped or added, or
    the encoded body itself cut or flipped."""
    chance = random.Random(seed)
    base = doctor_request(nom="Fuzz")
    keys = [*base, "message", "langue", "symptomes", ""]
    for _ in range(count):
        fields = [(k, v) for k, vs in base.items() for v in (vs if isinstance(vs, list) else [vs])]
        kind = chance.randrange(5)
        key = chance.choice(keys)
        value = chance.choice(NASTY)
        if kind == 0:
            fields = [(k, value if k == key else v) for k, v in fields]
        elif kind == 1:
            fields.append((key, value))
        elif kind == 2:
            fields = [(k, v) for k, v in fields if k != key]
        body = urlencode(fields, errors="surrogatepass").encode()
        if kind == 3:
            body = body[:chance.randrange(len(body))]
        elif kind == 4:
            flipped = bytearray(body)
            flipped[chance.randrange(len(body))] = chance.randrange(256)
            body = bytes(flipped)
        yield body


def test_fuzzed_forms_get_a_french_answer_and_valid_mails_only(
        tmp_path: Path, sink: MailSink) -> None:
    settings = site_settings(tmp_path, sink, rate_limit=100_000, max_pending=100_000)
    statuses: collections.Counter[int] = collections.Counter()
    with service_in_thread(settings) as url:
        for body in _mutations(400, seed=14):
            answer = submit(url, body, origin=ORIGIN)
            statuses[answer.status] += 1
            assert answer.status in (200, 400, 413), (body[:200], answer.text[:300])
            assert answer.headers["access-control-allow-origin"] == ORIGIN
            said = answer.json["message"]
            assert said.startswith(("Merci", "Votre message", "Le formulaire", "Le champ")), said
        mails = sink.wait_for(statuses[200], timeout=60)
        time.sleep(0.5)
    assert len(sink.received) == statuses[200] and statuses[400] > 100
    for mail in mails:
        assert "\n" not in str(mail["Subject"]) and str(mail["Subject"]).startswith("[Contact n° ")
        for address in (mail["Reply-To"].addresses if mail["Reply-To"] else ()):
            assert address.addr_spec.isascii() and "=?" not in address.addr_spec


def test_trusted_proxies_in_the_settings_file(tmp_path: Path) -> None:
    config = tmp_path / "contact.toml"
    config.write_text(f'site_url = "{SITE}"\nrecipient = "contact@cpts-test.example"\n'
                      'trusted_proxies = ["127.0.0.1", "10.88.0.0/16"]\n')
    assert load(config, env={"HOME": str(tmp_path)}).trusted_proxies == "127.0.0.1, 10.88.0.0/16"
    config.write_text(f'site_url = "{SITE}"\nrecipient = "contact@cpts-test.example"\n'
                      'trusted_proxies = "*"\n')
    with pytest.raises(SettingsError, match="« \\* » ferait confiance"):
        load(config, env={"HOME": str(tmp_path)})


# (peer, X-Forwarded-For headers) -> the visitor counted, behind proxies 127.0.0.1 and 10.0.0.0/8
VISITORS = [
    ("127.0.0.1", [], "127.0.0.1"),
    ("127.0.0.1", ["203.0.113.7"], "203.0.113.7"),
    ("127.0.0.1", ["198.51.100.1, 203.0.113.7"], "203.0.113.7"),
    ("127.0.0.1", ["198.51.100.1", "203.0.113.7, 10.0.0.2"], "203.0.113.7"),  # two header lines
    ("127.0.0.1", ["203.0.113.7:5555"], "203.0.113.7"),
    ("127.0.0.1", ["[2001:db8::1]:443"], "2001:db8::/64"),
    ("127.0.0.1", ["::ffff:203.0.113.7"], "203.0.113.7"),
    ("127.0.0.1", ["10.0.0.3, 10.0.0.2"], "10.0.0.3"),  # only proxies: the first of them
    ("127.0.0.1", ["x" * 500], "x" * 64),
    ("198.51.100.9", ["203.0.113.7"], "198.51.100.9"),  # not a proxy: its header is ignored
]


@pytest.mark.parametrize(("peer", "headers", "visitor"), VISITORS)
def test_the_visitor_behind_trusted_proxies(peer: str, headers: list[str], visitor: str) -> None:
    proxies = TrustedProxies.parse("127.0.0.1, 10.0.0.0/8")
    assert proxies.visitor(peer, headers) == visitor
