"""Forward queued messages to the CPTS by SMTP: a background thread, retries with backoff.

Never lost, sent twice only when it cannot be known, and then said so:
- a message is stored (committed, fsynced) before the sender gets « merci »;
- before handing it to the SMTP server the service commits a « handover » mark, and after
  the server's 250 a « sent » mark, before the next message;
- if the process dies (kill -9, crash, power cut) or the connection breaks between the moment
  the server has the message's data and the end of the « sent » commit, the service cannot
  know whether the server kept it: it sends it again (after restart, or at the next try),
  with the same number and Message-ID, « peut-être en double » in the subject, a notice in
  the body and the header X-CPTS-Possible-Duplicate. That window is the server's time to
  answer plus one disk commit (a few milliseconds with a local relay: benchmarks/
  contact_kill_bench.py; seconds with a server that filters before answering), and one
  interruption concerns at most the one message being handed over. A copy so marked may
  also be the only one (the interruption came before the server had the data).
A crash at any other point loses nothing and duplicates nothing.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import smtplib
import ssl
import threading
import time
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import IO

from .form import DOCTOR, REASONS, summary_lines
from .settings import Settings, SettingsError
from .store import Record, Store

log = logging.getLogger("cpts.contact")

BATCH = 100
DUPLICATE_NOTICE = ("Envoi répété : le service s'est interrompu pendant qu'il transmettait cette "
                    "demande, elle vous est peut-être déjà parvenue. Si vous avez déjà une "
                    "demande n° %(id)s (même en-tête Message-ID), ignorez celle-ci.")
PURGE_EVERY = 3600.0  # seconds


def compose(settings: Settings, record: Record) -> EmailMessage:
    """The mail the CPTS receives: plain text, one line per field, Reply-To the sender."""
    fields = record.fields
    name = f"{fields.get('prenom', '')} {fields.get('nom', '')}".strip()
    message = EmailMessage()
    doubt = " — peut-être en double" if record.in_doubt else ""
    message.set_raw("Subject", _encoded_subject(
        f"[Contact n° {record.id}{doubt}] {REASONS[record.reason]} — {name}"))
    message["From"] = settings.mail_from
    message["To"] = settings.recipient
    reply_to = _reply_address(fields.get("email"))
    if reply_to is not None:
        message["Reply-To"] = reply_to
    message["Message-ID"] = record.message_id
    message["Date"] = format_datetime(dt.datetime.fromtimestamp(record.received_at).astimezone())
    message["Auto-Submitted"] = "auto-generated"
    received = dt.datetime.fromtimestamp(record.received_at).strftime("%d/%m/%Y à %H:%M")
    lines = [f"Demande n° {record.id} reçue le {received} par le formulaire de contact du site.", ""]
    if record.in_doubt:
        message["X-CPTS-Possible-Duplicate"] = "yes"
        lines[1:1] = [DUPLICATE_NOTICE % {"id": record.id}, ""]
    width = max(len(label) for label, _ in summary_lines(fields))
    for label, value in summary_lines(fields):
        if "\n" in value:
            lines += ["", f"{label} :", *("  " + line for line in value.splitlines())]
        else:
            lines.append(f"{label.ljust(width)} : {value}")
    lines.append("")
    if record.reason == DOCTOR:
        lines.append("Le formulaire ne recueille aucune information de santé : n'en demandez pas "
                     "par e-mail.")
    lines.append("Ce message est conservé dans la file du service de contact "
                 f"({settings.retention_days} jours au plus) : « cpts contact export » pour "
                 "l'exporter.")
    message.set_content("\n".join(lines) + "\n")
    return message


def _reply_address(typed: object) -> Address | None:
    """The sender's address as one Address object: the header then holds this one address,
    whatever was typed. The form refuses what a header cannot carry; a message queued by an
    older version may still hold one (« =?utf-8?q?x?=@… », accents before « @ »): it goes
    without Reply-To (its body shows the address as typed) rather than blocking the queue.
    No display name: the standard library does not fold long accented names faithfully."""
    if not typed:
        return None
    try:
        return Address(addr_spec=str(typed))
    except ValueError:  # email.errors.MessageDefect is a ValueError
        return None


def _encoded_subject(subject: str) -> str:
    """The Subject header's value, already encoded and folded (RFC 2047) by email.header.

    The default policy's folder drops the space that falls between two encoded words when a
    long accented subject is folded (« Léa Lefèvre » arrives as « LéaLefèvre »); Header keeps
    every space inside an encoded word. Lines stay within 78 characters."""
    return Header(subject, "utf-8", header_name="Subject").encode(linesep="\n")


class Mailer:
    """One SMTP session with the CPTS's mail server."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        s = self.settings
        if s.smtp_tls == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout,
                                                  context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout)
        try:
            if s.smtp_tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password or "")
        except BaseException:
            smtp.close()
            raise
        self._smtp = smtp
        return self

    def send(self, message: EmailMessage) -> None:
        """Returns only once the server has accepted the message (250 after DATA)."""
        assert self._smtp is not None
        self._smtp.send_message(message, from_addr=self.settings.mail_from,
                                to_addrs=[self.settings.recipient])

    def __exit__(self, *exc: object) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None


def backoff(settings: Settings, attempts: int) -> float:
    """Seconds before the next try after `attempts` failed ones: doubling, capped."""
    return min(settings.retry_max, settings.retry_min * 2 ** max(0, attempts - 1))


class Worker(threading.Thread):
    """Delivers due messages, sleeps until the next one is due or a new one arrives."""

    def __init__(self, settings: Settings):
        super().__init__(name="cpts-contact-delivery", daemon=True)
        self.settings = settings
        self.wake = threading.Event()
        self._stopping = threading.Event()
        self._next_purge = 0.0
        self._lock_file: IO[str] | None = None
        self.store: Store | None = None

    def open(self) -> None:
        """Take the queue for this process alone (two senders could send a message twice)."""
        if self.store is not None:
            return
        self._lock_file = acquire_lock(self.settings.database)
        self.store = Store(self.settings.database, _domain(self.settings.mail_from))
        interrupted = self.store.recover_interrupted()
        if interrupted:
            log.warning("%s message(s) en cours d'envoi quand le service s'est arrêté : ils "
                        "seront renvoyés, marqués « peut-être en double »", interrupted)

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self.wake.set()
        if self.is_alive():
            self.join(timeout)
        if self.store is not None:
            self.store.close()
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def run(self) -> None:
        assert self.store is not None, "call open() first"
        while not self._stopping.is_set():
            self.wake.clear()
            try:
                self._purge_if_due()
                if self.deliver_due():
                    continue
                next_at = self.store.next_attempt()
            except Exception:  # never let the sender die: log and retry later
                log.exception("erreur inattendue de l'envoi des messages")
                next_at = None
            timeout = 60.0 if next_at is None else max(0.0, min(60.0, next_at - time.time()))
            self.wake.wait(timeout)

    def deliver_due(self) -> bool:
        """Send what is due in one SMTP session; True when a whole batch went (more may wait)."""
        assert self.store is not None
        due = self.store.due(time.time(), BATCH)
        if not due:
            return False
        try:
            with Mailer(self.settings) as mailer:
                marked: int | None = None  # the record whose handover mark is on disk
                for index, record in enumerate(due):
                    if self._stopping.is_set():
                        if marked is not None:
                            self.store.clear_handover(marked)
                        return False
                    try:
                        mail = compose(self.settings, record)
                    except Exception as exc:  # one bad record must not block the queue
                        self._failed(record, exc)
                        marked = None
                        continue
                    if marked != record.id:
                        self.store.mark_handover(record.id)  # on disk before the server has it
                    try:
                        mailer.send(mail)
                    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                            smtplib.SMTPDataError) as exc:  # this message refused, session alive
                        self._failed(record, exc)
                        marked = None
                        continue
                    except (smtplib.SMTPException, OSError) as exc:  # session lost
                        # The server may have taken this one before the connection broke.
                        self._failed(record, exc, in_doubt=True)
                        for rest in due[index + 1:]:
                            self._failed(rest, exc)
                        return False
                    # One commit: this one sent, the next one handed over (half the writes).
                    marked = due[index + 1].id if index + 1 < len(due) else None
                    self.store.mark_sent(record.id, handover=marked)
                    log.info("message n° %s transmis à %s", record.id, self.settings.recipient)
        except (smtplib.SMTPException, OSError) as exc:  # could not connect or log in
            for record in due:
                self._failed(record, exc)
            return False
        return len(due) == BATCH

    def _failed(self, record: Record, exc: BaseException, in_doubt: bool = False) -> None:
        assert self.store is not None
        delay = backoff(self.settings, record.attempts + 1)
        self.store.mark_failed(record.id, f"{type(exc).__name__}: {exc}", time.time() + delay,
                               in_doubt=in_doubt)
        log.warning("message n° %s non transmis (%s : %s) ; nouvel essai dans %.0f s",
                    record.id, type(exc).__name__, exc, delay)

    def _purge_if_due(self) -> None:
        assert self.store is not None
        now = time.time()
        if now < self._next_purge:
            return
        self._next_purge = now + PURGE_EVERY
        deleted, unsent = self.store.purge(now - self.settings.retention_days * 86400)
        if deleted:
            log.info("%s messages de plus de %s jours supprimés", deleted,
                     self.settings.retention_days)
        if unsent:
            log.error("%s messages jamais transmis ont atteint la durée de conservation et ont "
                      "été supprimés : vérifiez les réglages SMTP", unsent)


def acquire_lock(database: Path) -> IO[str]:
    """An exclusive lock beside the database, released by the system even on a crash."""
    database.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle = open(database.with_name(database.name + ".lock"), "w")  # noqa: SIM115
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        handle.close()
        raise SettingsError(f"Un autre service de contact utilise déjà la base {database} : "
                            "arrêtez-le d'abord (un seul service par base).") from exc
    return handle


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip("> ") or "cpts.invalid"
