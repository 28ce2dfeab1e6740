"""Which parser reads a file, decided from its beginning (not its name)."""

import zipfile
from pathlib import Path

from wholeroute.indicators.parsers import Head, modules
from wholeroute.indicators.parsers._text import head_lines
from wholeroute.indicators.parsers._workbook import UnsafeWorkbook, open_workbook


class UnknownFormat(ValueError):
    pass


def head_of(path: Path) -> Head:
    path = Path(path)
    with open(path, "rb") as handle:
        raw = handle.read(4096)
    head = Head(path=path, raw=raw)
    if raw.startswith(b"PK") and zipfile.is_zipfile(path):
        try:
            book = open_workbook(path)
            head.sheet_names = book.sheetnames
            book.close()
        except UnsafeWorkbook as exc:
            raise UnknownFormat(f"{path.name}: {exc}") from exc
        except Exception as exc:  # a broken workbook is reported, not raised
            raise UnknownFormat(f"{path.name}: not a readable XLSX workbook ({exc.__class__.__name__})") from exc
    else:
        head.lines = head_lines(path)
    return head


def detect(path: Path):
    head = head_of(path)
    found = [m for m in modules().values() if m.sniff(head)]
    if len(found) == 1:
        return found[0]
    known = ", ".join(sorted(modules()))
    if not found:
        raise UnknownFormat(f"{Path(path).name}: unknown format; the first line is {head.lines[:1] or head.sheet_names!r}. "
                            f"Known formats: {known}. Name one with --format.")
    raise UnknownFormat(f"{Path(path).name}: several formats match ({', '.join(m.FORMAT for m in found)}); "
                        "name one with --format.")
