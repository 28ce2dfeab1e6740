"""Opening an uploaded XLSX workbook safely: an XLSX file is a zip of XML parts, so before openpyxl reads it the
archive is checked for what a hostile file would use — a zip bomb (parts that expand far beyond any real
workbook) and XML document type declarations (entity expansion, external entities). openpyxl parses with
defusedxml as well; this check fails earlier and says why, naming the file and the part."""

import re
import zipfile
from pathlib import Path

# The real workbooks in data/ expand to at most 6.7 MB, with parts compressed at most 16:1.
MAX_EXPANDED_BYTES = 512 * 1024 * 1024
MAX_RATIO = 100
MAX_PARTS = 10_000
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class UnsafeWorkbook(ValueError):
    pass


def check_archive(path: Path) -> None:
    path = Path(path)
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise UnsafeWorkbook(f"{len(parts):,} parts in the archive; no workbook has that many")
        for part in parts:
            if part.file_size > 1_000_000 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
                raise UnsafeWorkbook(f"part {part.filename} expands {part.file_size // max(part.compress_size, 1):,} "
                                     f"times; refused as a possible zip bomb")
            if part.filename.endswith((".xml", ".rels")):
                with archive.open(part) as stream:
                    start = stream.read(65536)  # a declaration can only come before the root element
                if _DOCTYPE.search(start):
                    raise UnsafeWorkbook(f"part {part.filename} declares a document type or entities; "
                                         "refused (XML entity attacks)")
        expanded = sum(part.file_size for part in parts)
        if expanded > MAX_EXPANDED_BYTES:
            raise UnsafeWorkbook(f"the archive expands to {expanded:,} bytes, above the limit of "
                                 f"{MAX_EXPANDED_BYTES:,}; refused as a possible zip bomb")


def open_workbook(path: Path):
    """The workbook, read-only with cached values, after `check_archive`."""
    import openpyxl

    check_archive(path)
    return openpyxl.load_workbook(path, read_only=True, data_only=True)
