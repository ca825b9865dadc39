"""Read a national extract line by line: encoding sniffed, BOM and CRLF removed, never whole in memory."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from ..text import fold

_SAMPLE = 1 << 20  # bytes read to choose the encoding


@dataclass
class Encoding:
    """The encoding a file was read with, and how many lines needed the other one."""

    name: str  # "utf-8" or "cp1252"
    bom: bool = False
    fallback_lines: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        label = "UTF-8" if self.name == "utf-8" else "Windows-1252"
        return label + (" avec BOM" if self.bom else "")


def sniff(stream: BinaryIO) -> Encoding:
    """UTF-8 when the first megabyte decodes as UTF-8, Windows-1252 otherwise."""
    sample = stream.read(_SAMPLE)
    stream.seek(0)
    bom = sample.startswith(codecs.BOM_UTF8)
    if len(sample) == _SAMPLE and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n")]  # never cut a character in two
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return Encoding("cp1252", bom=False)
    return Encoding("utf-8", bom=bom)


def decoded_lines(stream: BinaryIO, encoding: Encoding) -> Iterator[tuple[int, bytes]]:
    """(line number, raw bytes without end of line), BOM removed from line 1."""
    for number, raw in enumerate(stream, 1):
        if number == 1 and encoding.bom and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        yield number, raw.rstrip(b"\r\n")


def decode(raw: bytes, number: int, encoding: Encoding) -> str:
    """One line as text; a UTF-8 file's stray Windows-1252 line is read as such, and counted."""
    try:
        return raw.decode(encoding.name)
    except UnicodeDecodeError:
        encoding.fallback_lines.append(number)
        other = "cp1252" if encoding.name == "utf-8" else "utf-8"
        return raw.decode(other, errors="replace")


_NOT_WORD = re.compile(r"[^a-z0-9]+")


def column_key(name: str) -> str:
    """« Libellé commune (coord. structure) » -> « libelle commune coord structure »."""
    return _NOT_WORD.sub(" ", fold(name.replace("’", "'"))).strip()


def split_fields(text: str, separator: str) -> list[str]:
    """Fields of a line; the published files end every line with the separator."""
    fields = text.split(separator)
    if len(fields) > 1 and fields[-1] == "":
        fields.pop()
    return fields
