"""Refusal of EU classified information markings: wholeroute is not accredited for EU classified information."""

import re

from django.core.exceptions import ValidationError

# Decision (EU, Euratom) 2015/444 levels in the languages users most often type them.
_EU_CLASSIFIED = re.compile(
    r"""\b(
        RESTREINT\s+UE | EU\s+RESTRICTED |
        CONFIDENTIEL\s+UE | EU\s+CONFIDENTIAL |
        (?<!TR[EÈ]S\s)SECRET\s+UE | EU\s+SECRET |
        TR[EÈ]S\s+SECRET\s+UE | EU\s+TOP\s+SECRET
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)

REFUSAL = (
    "wholeroute is not accredited for EU classified information. Remove the marking “{marking}” "
    "and do not upload classified material (RESTREINT UE / EU RESTRICTED or above)."
)


def find_eu_classified_marking(text) -> str | None:
    if not isinstance(text, str) or not text:
        return None
    match = _EU_CLASSIFIED.search(text)
    return match.group(0) if match else None


def refuse_eu_classified_marking(text, field_name: str = "") -> None:
    marking = find_eu_classified_marking(text)
    if marking:
        prefix = f"{field_name.capitalize()}: " if field_name else ""
        raise ValidationError(prefix + REFUSAL.format(marking=marking), code="eu_classified")
