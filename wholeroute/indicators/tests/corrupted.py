"""Corrupted copies of real statistics files, for the parser tests: each function writes one damaged copy next
to the test's tmp_path and says where the damage is, so a test can check the Problem names that row/column."""

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

from wholeroute.indicators.parsers import Problem, Record


@dataclass
class Damage:
    path: Path
    row: int | None       # the line a Problem must name (None: any)
    column: str | None    # the column a Problem must name (None: none required)


def text_of(path: Path, encoding="utf-8-sig") -> str:
    opener = gzip.open if path.read_bytes()[:2] == b"\x1f\x8b" else open
    with opener(path, "rt", encoding=encoding, newline="") as handle:
        return handle.read()


def header_line_number(text: str, must_contain: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if must_contain in line)


def data_line(text: str, header_line: int, offset: int = 1) -> tuple[int, str]:
    """(line number, text) of the `offset`-th line after the header."""
    number = header_line + offset
    return number, text.splitlines()[number - 1]


def truncated_mid_row(path: Path, tmp: Path, header_line: int = 1) -> Damage:
    """The file cut off inside a data row half way down (after that row's second delimiter)."""
    text = text_of(path)
    lines = text.splitlines(keepends=True)
    number = max(header_line + 2, len(lines) // 2)
    line = lines[number - 1]
    cut = line.index(",", line.index(",") + 1) + 1
    target = tmp / f"truncated_{path.name.removesuffix('.gz')}"
    target.write_text("".join(lines[: number - 1]) + line[:cut], encoding="utf-8")
    return Damage(target, number, None)


def truncated_gzip(path: Path, tmp: Path) -> Damage:
    raw = path.read_bytes()
    target = tmp / f"truncated_{path.name}"
    target.write_bytes(raw[: len(raw) // 2])
    return Damage(target, None, None)


def wrong_delimiter(path: Path, tmp: Path, header_line: int = 1) -> Damage:
    """Header as published, data rows re-written with ';' (a file put together from two exports)."""
    text = text_of(path)
    lines = text.splitlines()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    for row in csv.reader(lines[header_line:header_line + 50]):
        writer.writerow(row)
    target = tmp / f"semicolons_{path.name.removesuffix('.gz')}"
    target.write_text("\n".join(lines[:header_line]) + "\n" + out.getvalue(), encoding="utf-8")
    return Damage(target, header_line + 1, None)


def bad_cell(path: Path, tmp: Path, column: str, value: str = "12x", header_line: int = 1, offset: int = 1) -> Damage:
    """One cell of the `offset`-th data row replaced by `value` (e.g. a number that is not one)."""
    text = text_of(path)
    lines = text.splitlines()
    header = next(csv.reader([lines[header_line - 1]]))
    number = header_line + offset
    row = next(csv.reader([lines[number - 1]]))
    row[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    lines[number - 1] = out.getvalue()
    target = tmp / f"bad_{path.name.removesuffix('.gz')}"
    target.write_text("\n".join(lines[: number + 200]) + "\n", encoding="utf-8")
    return Damage(target, number, column)


def unknown_columns(path: Path, tmp: Path, header_line: int = 1) -> Damage:
    """Every column renamed: a table this parser does not know."""
    text = text_of(path)
    lines = text.splitlines()
    width = len(next(csv.reader([lines[header_line - 1]])))
    lines[header_line - 1] = ",".join(f"column_{i}" for i in range(width))
    target = tmp / f"unknown_{path.name.removesuffix('.gz')}"
    target.write_text("\n".join(lines[: header_line + 100]) + "\n", encoding="utf-8")
    return Damage(target, None, None)


def garbage(tmp: Path, name="garbage.csv", prefix=b"") -> Damage:
    target = tmp / name
    target.write_bytes(prefix + bytes(range(256)) * 64)
    return Damage(target, None, None)


def variant(path: Path, tmp: Path, *, delimiter=";", encoding="cp1252", reorder=True, extra=True, gz=False,
            header_line: int = 1) -> Path:
    """The same table published another way: other delimiter and encoding, columns in reverse order, an extra
    column, optionally gzip. With ';' the numbers get a decimal comma, as such locales write them."""
    text = text_of(path)
    lines = text.splitlines()
    preamble, rows = lines[: header_line - 1], list(csv.reader(lines[header_line - 1:]))
    order = list(range(len(rows[0])))[::-1] if reorder else list(range(len(rows[0])))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for number, row in enumerate(rows):
        if not row:
            continue
        cells = [row[i] for i in order]
        if delimiter == ";" and number:
            cells = [c.replace(".", ",") if _is_decimal(c) else c for c in cells]
        writer.writerow(cells + (["extra" if number else "Comment"] if extra else []))
    content = ("\r\n".join(preamble) + ("\r\n" if preamble else "") + out.getvalue()).encode(encoding)
    if encoding == "utf-8-sig":
        content = content if content.startswith(b"\xef\xbb\xbf") else b"\xef\xbb\xbf" + content
    target = tmp / f"variant_{path.name.removesuffix('.gz')}{'.gz' if gz else ''}"
    target.write_bytes(gzip.compress(content) if gz else content)
    return target


def _is_decimal(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return "." in cell


def drain(module, path: Path) -> tuple[list[Record], list[Problem]]:
    """Every item the parser yields; an exception here fails the test (parsers report, they do not raise)."""
    records, problems = [], []
    for item in module.parse(path):
        (problems if isinstance(item, Problem) else records).append(item)
    return records, problems


def assert_reported(module, damage: Damage, *, words: str = ""):
    records, problems = drain(module, damage.path)
    assert problems, f"{damage.path.name}: no problem reported"
    assert all(p.file == damage.path.name for p in problems)
    if damage.row is not None:
        assert any(p.row == damage.row for p in problems), [str(p) for p in problems[:3]]
    if damage.column is not None:
        assert any(p.column == damage.column and p.row == damage.row for p in problems), [str(p) for p in problems[:3]]
    if words:
        assert any(words in p.message for p in problems), [str(p) for p in problems[:3]]
    return records, problems


def keyed(records) -> dict:
    return {(r.dataset.code, r.dimensions, r.period): r.value for r in records}


def grown(path: Path, tmp: Path, times: int, rows: int = 20_000, header_line: int = 1) -> Path:
    """The header and the first `rows` data rows of a real file, the data repeated `times` times."""
    lines = text_of(path).splitlines(keepends=True)
    head, body = lines[:header_line], lines[header_line:header_line + rows]
    target = tmp / f"grown{times}_{path.name.removesuffix('.gz')}"
    target.write_text("".join(head) + "".join(body) * times, encoding="utf-8")
    return target


def peak_memory_of_parsing(module, path: Path) -> tuple[int, int]:
    """(records yielded, peak bytes allocated) while the parser runs and its records are dropped as they come."""
    import tracemalloc

    tracemalloc.start()
    try:
        count = sum(1 for _ in module.parse(path))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
