"""Reading the text files publishers ship: gzip or plain, UTF-8 (with or without BOM) or Windows-1252, and
comma, semicolon or tab delimited. Streams rows with their 1-based line numbers."""

import codecs
import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

CHUNK = 1 << 20


def open_binary(path: Path):
    path = Path(path)
    with open(path, "rb") as handle:
        magic = handle.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")


def detect_encoding(path: Path) -> str:
    """utf-8-sig when the whole file decodes as UTF-8 (read in chunks, memory stays flat), else cp1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open_binary(path) as handle:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    except (OSError, EOFError):
        return "utf-8-sig"
    return "utf-8-sig"


def open_text(path: Path, encoding: str | None = None):
    return io.TextIOWrapper(open_binary(path), encoding=encoding or detect_encoding(path), newline="")


def sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def head_lines(path: Path, n: int = 5) -> list[str]:
    try:
        with open_text(path) as handle:
            return [line.rstrip("\r\n") for _, line in zip(range(n), handle, strict=False)]
    except (OSError, UnicodeDecodeError, EOFError):
        return []


def rows(path: Path, header_at=None) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """(header, iterator of (line number, row dict)); the header's delimiter decides the dialect.

    `header_at(line)` skips note lines before the header (some exports start with a preamble)."""
    handle = open_text(path)
    first = handle.readline()
    skipped = 0
    while header_at is not None and first and not header_at(first):
        first = handle.readline()
        skipped += 1
    delimiter = sniff_delimiter(first)
    header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]

    def generate():
        with handle:
            reader = csv.reader(handle, delimiter=delimiter)
            for number, values in enumerate(reader, start=2 + skipped):
                if not values or values == [""]:
                    continue
                yield number, dict(zip(header, values, strict=False)) | (
                    {"__extra__": values[len(header):]} if len(values) > len(header) else {}
                ) | ({"__short__": True} if len(values) < len(header) else {})

    return header, generate()


def number(text: str) -> float:
    """A publisher's number: thousands separators and blanks removed. Raises ValueError if not a number."""
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if cleaned.count(",") and not cleaned.count("."):
        cleaned = cleaned.replace(",", "")
    return float(cleaned)
