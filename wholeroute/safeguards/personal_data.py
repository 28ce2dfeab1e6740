"""Refusal of obvious personal identifiers in free text: the allegation register holds no personal data.

Names cannot be detected reliably; the form says so and asks for none. What can be detected is refused.
"""

import re

from django.core.exceptions import ValidationError

PATTERNS = [
    ("an e-mail address", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
    ("a phone number", re.compile(r"(?<![\w/])\+?\d[\d ().-]{7,}\d(?![\w/])")),
    ("a passport or identity-document number",
     re.compile(r"\b(?:passport|id card|identity card|document)\s*(?:no\.?|number|nr\.?|#)?\s*[:#]?\s*[A-Z0-9]{6,12}\b",
                re.IGNORECASE)),
    ("a passport-style number", re.compile(r"\b[A-Z]{1,2}\d{6,9}\b")),
    ("a date of birth", re.compile(r"\b(?:born|date of birth|d\.?o\.?b\.?)\b", re.IGNORECASE)),
    ("a case or file reference for a person", re.compile(r"\b(?:case|file)\s*(?:no\.?|number|#)\s*\S+", re.IGNORECASE)),
]


def find_personal_data(text: str) -> list[str]:
    return [label for label, pattern in PATTERNS if pattern.search(text or "")]


def refuse_personal_data(text: str, field: str) -> None:
    found = find_personal_data(text)
    if found:
        raise ValidationError({field: (
            "The register holds no personal data. Remove " + ", ".join(found)
            + " and describe what happened in institutional terms (place, authority, date, number of people)."
        )})
