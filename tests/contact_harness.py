"""Real parts for the contact tests and benchmark: an SMTP server (aiosmtpd) that keeps what
it receives, the contact service on 127.0.0.1 (in a thread, or as a `cpts contact serve`
process that can be killed), and a plain HTTP client. Loopback only."""

from __future__ import annotations

import asyncio
import email
import email.policy
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from cpts.contact.settings import Settings, load


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    at: float  # time.monotonic() when the server accepted it
    message: EmailMessage


@dataclass
class MailSink:
    """A real SMTP server on 127.0.0.1:port; stop() and start() it again on the same port.

    It keeps each message as soon as its data has arrived, then answers 250 (after
    `answer_delay` seconds for the messages arriving in the places `delay_answers`, 0 being
    the first); those in the places `drop_answers` get no answer at all (the connection is
    closed): the two moments when the sender cannot know whether it was taken."""

    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)
    answer_delay: float = 0.0
    delay_answers: tuple[int, ...] = ()
    drop_answers: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        self._controller: Any = None
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        raw = (envelope.original_content or envelope.content).replace(b"\r\n", b"\n")
        message = email.message_from_bytes(raw, policy=email.policy.default)
        with self._arrived:
            self.received.append(Received(time.monotonic(), message))  # type: ignore[arg-type]
            place = len(self.received) - 1
            self._arrived.notify_all()
        if place in self.drop_answers:
            server.transport.close()  # type: ignore[attr-defined]
        if place in self.delay_answers:
            await asyncio.sleep(self.answer_delay)
        return "250 Message accepted for delivery"

    def start(self) -> MailSink:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port,
                                      ready_timeout=10)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout: float = 15.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._arrived.wait(left)
            return [r.message for r in self.received]

    def __enter__(self) -> MailSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def service_env(database: Path, smtp_port: int, site_url: str, **extra: Any) -> dict[str, str]:
    """The CPTS_CONTACT_* variables of a test service (no TLS: a loopback SMTP server)."""
    env = {
        "CPTS_CONTACT_SITE_URL": site_url,
        "CPTS_CONTACT_RECIPIENT": "contact@cpts-test.example",
        "CPTS_CONTACT_MAIL_FROM": "formulaire@cpts-test.example",
        "CPTS_CONTACT_DATABASE": str(database),
        "CPTS_CONTACT_SMTP_HOST": "127.0.0.1",
        "CPTS_CONTACT_SMTP_PORT": str(smtp_port),
        "CPTS_CONTACT_SMTP_TLS": "none",
        "CPTS_CONTACT_SMTP_TIMEOUT": "5",
        "CPTS_CONTACT_RETRY_MIN": "0.1",
        "CPTS_CONTACT_RETRY_MAX": "0.5",
    }
    env.update({f"CPTS_CONTACT_{k.upper()}": str(v) for k, v in extra.items()})
    return env


# The site whose form the tests' service accepts, and its origin (CORS).
SITE = "https://cpts-test.example/annuaire/"
ORIGIN = "https://cpts-test.example"


def site_settings(tmp_path: Path, sink: MailSink, **extra: Any) -> Settings:
    """The service's settings for SITE, its queue under tmp_path, its mail to `sink`."""
    return settings_for(service_env(tmp_path / "state" / "messages.sqlite3", sink.port, SITE,
                                    **extra))


def settings_for(env: Mapping[str, str]) -> Settings:
    return load(env=env)


@contextmanager
def service_in_thread(settings: Settings, worker: Any = None) -> Iterator[str]:
    """The real application served by uvicorn on 127.0.0.1:<free port>; yields its base URL.
    `worker`: a cpts.contact.delivery.Worker prepared by the test (a read-only queue…)."""
    import uvicorn

    from cpts.contact.app import create_app

    config = uvicorn.Config(create_app(settings, worker), host="127.0.0.1", port=0, log_level="warning",
                            access_log=False, lifespan="on", proxy_headers=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="contact-service", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the contact service did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


@dataclass
class ServiceProcess:
    """`cpts contact serve` as a separate process: the one a test can kill -9."""

    env: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        """Its log (a file: a pipe nobody reads would fill up and block the service)."""
        return Path(self.env["CPTS_CONTACT_DATABASE"]).with_name("service.log")

    def start(self, timeout: float = 20.0) -> ServiceProcess:
        env = {**os.environ, **self.env, "CPTS_CONTACT_PORT": str(self.port)}
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "cpts.cli", "contact", "serve"], env=env,
                stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("cpts contact serve stopped: "
                                   + self.log.read_text(errors="replace"))
            try:
                if request("GET", self.url + "/etat").status == 200:
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("cpts contact serve did not answer")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as on a crash or a power cut."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def json(self) -> Any:
        return json.loads(self.text)


def request(method: str, url: str, body: bytes | None = None,
            headers: Mapping[str, str] | None = None,
            connection: http.client.HTTPConnection | None = None) -> Answer:
    """One HTTP request (redirects are not followed: a test sees the 303)."""
    parts = urlsplit(url)
    conn = connection or http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    try:
        conn.request(method, parts.path or "/", body=body, headers=dict(headers or {}))
        response = conn.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, text)
    finally:
        if connection is None:
            conn.close()


def submit(base: str, fields: Mapping[str, Any] | list[tuple[str, str]] | bytes, *,
           origin: str | None, wants_json: bool = True,
           content_type: str = "application/x-www-form-urlencoded",
           connection: http.client.HTTPConnection | None = None,
           extra_headers: Mapping[str, str] | None = None) -> Answer:
    """POST a form to the service as a browser on `origin` would."""
    body = fields if isinstance(fields, bytes) else urlencode(fields, doseq=True).encode()
    headers = {"Content-Type": content_type}
    if origin:
        headers["Origin"] = origin
    if wants_json:
        headers["Accept"] = "application/json"
    headers.update(extra_headers or {})
    return request("POST", base + "/messages", body, headers, connection)


def doctor_request(nom: str = "Durand", **overrides: Any) -> dict[str, Any]:
    """A valid « je cherche un médecin traitant » submission."""
    fields: dict[str, Any] = {
        "motif": "medecin_traitant", "nom": nom, "prenom": "Amélie",
        "telephone": "04 65 71 00 12", "email": "amelie.durand@courriel.example",
        "commune": "Briançon", "personnes": "3", "tranches_age": ["6_17", "18_64"],
        "visites_domicile": "non", "disponibilites": ["matin", "samedi"],
        "consentement": "oui", "site_web": "",
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}
