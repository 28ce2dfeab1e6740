"""Word-level differences between two versions of a joint message (difflib), for the message page."""

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class Segment:
    op: str  # "same" | "added" | "removed"
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            segments.append(Segment("removed", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(Segment("added", "".join(b[j1:j2])))
    return segments


def unified(old: str, new: str, old_label: str, new_label: str) -> str:
    """A plain unified diff (for the API and the audit reader)."""
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=old_label, tofile=new_label))
