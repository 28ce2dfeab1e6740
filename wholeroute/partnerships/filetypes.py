"""Which files may be attached to a partnership, recognised by their content, not only their name.

A document is stored outside the web root and always served as an attachment with `nosniff`; this check keeps
out what should never be stored at all (HTML, SVG, scripts, executables) and files whose content contradicts
their name (a "report.pdf" that is really an HTML page or a program)."""

import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    looks_right: object  # bytes (the first 8 KB) and the upload → bool


def _starts(*signatures):
    return lambda head, upload: head.startswith(signatures)


def _office(marker):
    def check(head, upload):
        if not head.startswith(b"PK\x03\x04"):
            return False
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
        return marker in names
    return check


def _text(head, upload):
    if b"\x00" in head:
        return False
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
            try:
                sample = head.decode("cp1252")
            except UnicodeDecodeError:
                return False
        else:
            sample = head[:exc.start].decode("utf-8")
    lowered = sample.lstrip().lower()
    return not lowered.startswith(("<!doctype html", "<html", "<svg", "<?xml", "<script"))


_OOXML = _office("[Content_Types].xml")
_ODF = _office("mimetype")
TYPES = {
    "pdf": FileType("PDF", "application/pdf", _starts(b"%PDF-")),
    "docx": FileType("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _OOXML),
    "xlsx": FileType("Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _OOXML),
    "pptx": FileType("PowerPoint presentation",
                     "application/vnd.openxmlformats-officedocument.presentationml.presentation", _OOXML),
    "odt": FileType("OpenDocument text", "application/vnd.oasis.opendocument.text", _ODF),
    "ods": FileType("OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", _ODF),
    "doc": FileType("Word 97-2003 document", "application/msword", _starts(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")),
    "xls": FileType("Excel 97-2003 workbook", "application/vnd.ms-excel", _starts(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")),
    "png": FileType("PNG image", "image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    "jpg": FileType("JPEG image", "image/jpeg", _starts(b"\xff\xd8\xff")),
    "jpeg": FileType("JPEG image", "image/jpeg", _starts(b"\xff\xd8\xff")),
    "txt": FileType("plain text", "text/plain", _text),
    "csv": FileType("CSV table", "text/csv", _text),
    "md": FileType("Markdown text", "text/markdown", _text),
}


def accepted_extensions() -> str:
    return ", ".join(f".{ext}" for ext in TYPES)


def identify(upload) -> tuple[FileType | None, str]:
    """The file's type, or None and the reason it is refused (for the form's field error)."""
    name = upload.name.rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = TYPES.get(extension)
    if kind is None:
        return None, (f"Files of type .{extension or '(none)'} cannot be attached; accepted: "
                      f"{accepted_extensions()}.")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if not kind.looks_right(head, upload):
        return None, f"“{name}” is not a valid {kind.label}: its content does not match its name."
    return kind, ""
