"""The queue of messages: one SQLite file, written (and fsynced) before the sender gets an answer.

A message is `pending` until the SMTP server has accepted it, then `sent` (sent_at set).
While it is being handed to the SMTP server, `handover_at` is set (and on disk): a message
found so after a crash, or whose connection broke before the server's answer, may have
reached the server; it is `in_doubt`, and its next mail says it may be a duplicate.
The database holds people's data: it is created readable by its owner only, lives outside
any Git checkout (see settings.default_database) and is purged after the retention period.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..spreadsheet import safe_cell
from .form import summary_lines

SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    received_at REAL NOT NULL,
    reason TEXT NOT NULL,
    fields TEXT NOT NULL,
    sent_at REAL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt REAL NOT NULL,
    last_error TEXT,
    handover_at REAL,
    in_doubt INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS messages_pending ON messages (next_attempt) WHERE sent_at IS NULL;
"""
# Columns added since the first version: a queue created by it gets them when opened.
ADDED_COLUMNS = {"handover_at": "REAL", "in_doubt": "INTEGER NOT NULL DEFAULT 0"}


@dataclass(frozen=True)
class Record:
    id: int
    message_id: str
    received_at: float
    reason: str
    fields: dict[str, str | list[str]]
    sent_at: float | None
    attempts: int
    in_doubt: bool = False  # an earlier attempt may have reached the SMTP server


class Store:
    """One connection to the queue; safe to share between threads (a lock serialises it)."""

    def __init__(self, path: Path, domain: str = "cpts.invalid", readonly: bool = False):
        self.path = path
        self.domain = domain
        self._lock = threading.Lock()
        if readonly:  # export: creates nothing, changes nothing, even run by another user
            self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                       timeout=30, isolation_level=None,
                                       check_same_thread=False)
            self._columns = self._record_columns()
            return
        _create_private(path)
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None,
                                   check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # a COMMIT is on disk when it returns
        self._db.executescript(SCHEMA)
        have = {row[1] for row in self._db.execute("PRAGMA table_info(messages)")}
        for name, kind in ADDED_COLUMNS.items():
            if name not in have:
                self._db.execute(f"ALTER TABLE messages ADD COLUMN {name} {kind}")
        self._columns = self._record_columns()

    def _record_columns(self) -> str:
        """The Record's columns; a queue of the first version (read-only export) lacks one."""
        have = {row[1] for row in self._db.execute("PRAGMA table_info(messages)")}
        return ("id, message_id, received_at, reason, fields, sent_at, attempts, "
                + ("in_doubt" if "in_doubt" in have else "0"))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add(self, fields: dict[str, str | list[str]], now: float | None = None) -> Record:
        """Store a validated message; when this returns, it survives a crash or power loss."""
        now = time.time() if now is None else now
        message_id = f"<cpts-contact.{int(now)}.{secrets.token_hex(8)}@{self.domain}>"
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO messages (message_id, received_at, reason, fields, next_attempt) "
                "VALUES (?, ?, ?, ?, ?)",
                (message_id, now, fields["motif"], json.dumps(fields, ensure_ascii=False), now))
        return Record(int(cursor.lastrowid or 0), message_id, now, str(fields["motif"]), fields,
                      None, 0)

    def due(self, now: float, limit: int = 100) -> list[Record]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {self._columns} "
                "FROM messages WHERE sent_at IS NULL AND next_attempt <= ? "
                "ORDER BY next_attempt, id LIMIT ?", (now, limit)).fetchall()
        return [_record(row) for row in rows]

    def next_attempt(self) -> float | None:
        with self._lock:
            row = self._db.execute(
                "SELECT MIN(next_attempt) FROM messages WHERE sent_at IS NULL").fetchone()
        return row[0]

    def mark_handover(self, record_id: int, now: float | None = None) -> None:
        """Committed just before the message is handed to the SMTP server."""
        now = time.time() if now is None else now
        with self._lock:
            self._db.execute("UPDATE messages SET handover_at = ? WHERE id = ?",
                             (now, record_id))

    def mark_sent(self, record_id: int, now: float | None = None,
                  handover: int | None = None) -> None:
        """Accepted by the server; in the same commit, `handover` (the next message to be
        sent) gets its handover mark."""
        now = time.time() if now is None else now
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("UPDATE messages SET sent_at = ?, attempts = attempts + 1, "
                                 "last_error = NULL, handover_at = NULL WHERE id = ?",
                                 (now, record_id))
                if handover is not None:
                    self._db.execute("UPDATE messages SET handover_at = ? WHERE id = ?",
                                     (now, handover))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def clear_handover(self, record_id: int) -> None:
        """The message marked for handover will not be sent now after all."""
        with self._lock:
            self._db.execute("UPDATE messages SET handover_at = NULL WHERE id = ?",
                             (record_id,))

    def mark_failed(self, record_id: int, error: str, retry_at: float,
                    in_doubt: bool = False) -> None:
        """Not accepted this time; `in_doubt`: the connection broke while the server had
        the message, so it may have been accepted all the same."""
        with self._lock:
            self._db.execute("UPDATE messages SET attempts = attempts + 1, last_error = ?, "
                             "next_attempt = ?, handover_at = NULL, "
                             "in_doubt = MAX(in_doubt, ?) WHERE id = ?",
                             (error[:500], retry_at, int(in_doubt), record_id))

    def recover_interrupted(self) -> int:
        """After a crash: messages caught being handed over become in doubt (the server may
        have them). Only the process holding the queue's lock may call it. Returns their count."""
        with self._lock:
            cursor = self._db.execute("UPDATE messages SET in_doubt = 1, handover_at = NULL "
                                      "WHERE handover_at IS NOT NULL AND sent_at IS NULL")
        return int(cursor.rowcount)

    def counts(self) -> tuple[int, int]:
        """(pending, sent)."""
        with self._lock:
            row = self._db.execute(
                "SELECT COUNT(*) - COUNT(sent_at), COUNT(sent_at) FROM messages").fetchone()
        return int(row[0]), int(row[1])

    def pending(self) -> int:
        with self._lock:
            row = self._db.execute(
                "SELECT COUNT(*) FROM messages WHERE sent_at IS NULL").fetchone()
        return int(row[0])

    def purge(self, before: float) -> tuple[int, int]:
        """Delete messages received before `before`; return (deleted, of which never sent)."""
        with self._lock:
            unsent = self._db.execute(
                "SELECT COUNT(*) FROM messages WHERE received_at < ? AND sent_at IS NULL",
                (before,)).fetchone()[0]
            cursor = self._db.execute("DELETE FROM messages WHERE received_at < ?", (before,))
            deleted = cursor.rowcount
        if deleted:
            with self._lock:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(deleted), int(unsent)

    def records(self) -> Iterator[Record]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {self._columns} "
                "FROM messages ORDER BY id").fetchall()
        for row in rows:
            yield _record(row)

    def export_csv(self, out: TextIO) -> int:
        """Every message as CSV (« ; », as French spreadsheets expect); returns the count."""
        columns = ["Numéro", "Reçu le", "Envoyé le", *(label for label, _ in _ALL_LABELS)]
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(columns)
        count = 0
        for record in self.records():
            shown = dict(summary_lines(record.fields))
            writer.writerow([
                record.id, _local(record.received_at),
                _local(record.sent_at) if record.sent_at else "en attente",
                *(safe_cell(shown.get(label, "")) for label, _ in _ALL_LABELS),
            ])
            count += 1
        return count


_ALL_LABELS = summary_lines({
    "motif": "autre", "nom": "", "prenom": "", "email": "", "telephone": "", "commune": "",
    "personnes": "", "tranches_age": [], "visites_domicile": "", "disponibilites": [],
    "message": "", "langue": "en",
})


def _local(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M:%S")


def _record(row: tuple) -> Record:
    return Record(row[0], row[1], row[2], row[3], json.loads(row[4]), row[5], row[6],
                  bool(row[7]))


def _create_private(path: Path) -> None:
    """Create the folder (0700) and the file (0600) before SQLite does, so that only the
    service's user can read the messages (SQLite gives its -wal/-shm files the same mode)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
