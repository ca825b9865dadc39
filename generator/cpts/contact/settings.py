"""Settings of the contact service: environment variables CPTS_CONTACT_*, or a TOML file.

A file (`--config`, or CPTS_CONTACT_CONFIG) holds the same names in lower case without the
prefix (`site_url = "https://…"`); an environment variable wins over the file. The SMTP
password may come from a file (CPTS_CONTACT_SMTP_PASSWORD_FILE: systemd credentials,
container secrets) so that it is never written in a unit file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..i18n import DEFAULT, Language
from .form import RETENTION_DAYS
from .proxies import ProxyError, TrustedProxies

PREFIX = "CPTS_CONTACT_"
TLS_MODES = ("starttls", "ssl", "none")


class SettingsError(Exception):
    """A missing or wrong setting; the message (French) names the variable."""


@dataclass(frozen=True)
class Settings:
    site_url: str
    recipient: str
    mail_from: str
    database: Path
    smtp_host: str = "localhost"
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_tls: str = "starttls"
    smtp_timeout: float = 30.0
    host: str = "127.0.0.1"
    port: int = 8765
    allowed_origins: tuple[str, ...] = ()
    thanks_url: str = ""
    form_url: str = ""
    rate_limit: int = 10
    rate_window: float = 600.0
    retry_min: float = 10.0
    retry_max: float = 900.0
    retention_days: int = RETENTION_DAYS
    max_pending: int = 10_000
    trusted_proxies: str = "127.0.0.1"  # see proxies.TrustedProxies.parse; never « * »

    def in_language(self, url: str, language: Language) -> str:
        """A page of the site in `language`: « …/annuaire/contact/merci/ » becomes
        « …/annuaire/en/contact/merci/ » (pages of other languages live under their prefix)."""
        if language is DEFAULT or not url.startswith(self.site_url):
            return url
        return self.site_url + language.page(url[len(self.site_url):])


def default_database(env: Mapping[str, str] | None = None) -> Path:
    """Outside any Git checkout: systemd's StateDirectory, else ~/.local/state/cpts-contact."""
    env = os.environ if env is None else env
    if env.get("STATE_DIRECTORY"):
        return Path(env["STATE_DIRECTORY"].split(":")[0]) / "messages.sqlite3"
    home = Path(env["HOME"]) if env.get("HOME") else Path.home()
    base = Path(env.get("XDG_STATE_HOME") or home / ".local" / "state")
    return base / "cpts-contact" / "messages.sqlite3"


def database_only(config: Path | None = None, database: Path | None = None,
                  env: Mapping[str, str] | None = None) -> Path:
    """The database path alone (for export and purge, which need no SMTP settings)."""
    env = os.environ if env is None else env
    if database is not None:
        return database
    values = _file_values(config or _env_path(env, "CONFIG"))
    raw = env.get(PREFIX + "DATABASE") or values.get("database")
    return Path(str(raw)).expanduser() if raw else default_database(env)


def load(config: Path | None = None, env: Mapping[str, str] | None = None,
         **overrides: Any) -> Settings:
    """Settings from the file, then the environment, then explicit overrides (command line)."""
    env = os.environ if env is None else env
    values: dict[str, Any] = _file_values(config or _env_path(env, "CONFIG"))
    for name in Settings.__dataclass_fields__:
        if PREFIX + name.upper() in env:
            values[name] = env[PREFIX + name.upper()]
    password_file = env.get(PREFIX + "SMTP_PASSWORD_FILE") or values.pop("smtp_password_file", None)
    if password_file and "smtp_password" not in values:
        try:
            values["smtp_password"] = Path(str(password_file)).read_text().strip()
        except OSError as exc:
            raise SettingsError(f"{PREFIX}SMTP_PASSWORD_FILE : impossible de lire "
                                f"{password_file} ({exc.strerror}).") from exc
    values.update({k: v for k, v in overrides.items() if v is not None})
    return _build(values, env)


def _env_path(env: Mapping[str, str], name: str) -> Path | None:
    value = env.get(PREFIX + name)
    return Path(value) if value else None


def _file_values(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"Fichier de réglages {path} : {exc.strerror}.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"Fichier de réglages {path} : {exc}.") from exc
    unknown = sorted(set(data) - set(Settings.__dataclass_fields__) - {"smtp_password_file"})
    if unknown:
        raise SettingsError(f"Fichier de réglages {path} : réglage inconnu « {unknown[0]} ».")
    return dict(data)


def _build(values: dict[str, Any], env: Mapping[str, str]) -> Settings:
    def required(name: str) -> str:
        value = str(values.get(name) or "").strip()
        if not value:
            raise SettingsError(f"Réglage manquant : {PREFIX}{name.upper()} (ou « {name} » dans "
                                "le fichier de réglages).")
        return value

    def number(name: str, kind: type, minimum: float) -> Any:
        if name not in values:
            return Settings.__dataclass_fields__[name].default
        try:
            value = kind(values[name])
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"{PREFIX}{name.upper()} : « {values[name]} » n'est pas un "
                                "nombre.") from exc
        if value < minimum:
            raise SettingsError(f"{PREFIX}{name.upper()} : {minimum} au minimum.")
        return value

    site_url = required("site_url")
    parts = urlsplit(site_url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise SettingsError(f"{PREFIX}SITE_URL : écrivez l'adresse complète du site, par "
                            "exemple https://cpts-exemple.github.io/annuaire/.")
    if not site_url.endswith("/"):
        site_url += "/"
    recipient = required("recipient")
    if "@" not in recipient:
        raise SettingsError(f"{PREFIX}RECIPIENT : écrivez l'adresse e-mail de la CPTS.")
    origins = values.get("allowed_origins") or f"{parts.scheme}://{parts.netloc}"
    if isinstance(origins, str):
        origins = [o.strip() for o in origins.split(",") if o.strip()]
    tls = str(values.get("smtp_tls") or "starttls").lower()
    if tls not in TLS_MODES:
        raise SettingsError(f"{PREFIX}SMTP_TLS : écrivez starttls, ssl ou none.")
    trusted_proxies = values.get("trusted_proxies") or "127.0.0.1"
    if isinstance(trusted_proxies, list):  # a TOML array
        trusted_proxies = ", ".join(str(item) for item in trusted_proxies)
    trusted_proxies = str(trusted_proxies)
    try:
        TrustedProxies.parse(trusted_proxies)
    except ProxyError as exc:
        raise SettingsError(f"{PREFIX}TRUSTED_PROXIES : {exc}") from exc
    raw_db = values.get("database")
    database = Path(str(raw_db)).expanduser() if raw_db else default_database(env)
    return Settings(
        site_url=site_url,
        recipient=recipient,
        mail_from=str(values.get("mail_from") or recipient),
        database=database,
        smtp_host=str(values.get("smtp_host") or "localhost"),
        smtp_port=number("smtp_port", int, 1),
        smtp_user=str(values["smtp_user"]) if values.get("smtp_user") else None,
        smtp_password=str(values["smtp_password"]) if values.get("smtp_password") else None,
        smtp_tls=tls,
        smtp_timeout=number("smtp_timeout", float, 1),
        host=str(values.get("host") or "127.0.0.1"),
        port=number("port", int, 0),
        allowed_origins=tuple(o.rstrip("/") for o in origins),
        thanks_url=str(values.get("thanks_url") or site_url + "contact/merci/"),
        form_url=str(values.get("form_url") or site_url + "contact/"),
        rate_limit=number("rate_limit", int, 1),
        rate_window=number("rate_window", float, 1),
        retry_min=number("retry_min", float, 0.05),
        retry_max=number("retry_max", float, 0.05),
        retention_days=number("retention_days", int, 1),
        max_pending=number("max_pending", int, 1),
        trusted_proxies=trusted_proxies,
    )


def git_checkout_of(path: Path) -> Path | None:
    """The Git working tree that contains `path`, if any (messages never go into Git)."""
    here = path.expanduser().resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None
