"""The typed record every activity parser yields (EUTF tables, IATI XML), before it reaches the database."""

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal


@dataclass
class Place:
    """Where in the source a value was read: for error messages that name file, row and column."""

    file: str
    row: int | str
    column: str = ""

    def __str__(self):
        text = f"{self.file}, row {self.row}" if isinstance(self.row, int) else f"{self.file}, {self.row}"
        return text + (f", column {self.column}" if self.column else "")


@dataclass
class Problem:
    place: Place
    message: str

    def __str__(self):
        return f"{self.place}: {self.message}"


@dataclass
class Recipient:
    code: str
    percentage: Decimal | None = None
    budget: Decimal | None = None
    place: Place | None = None


@dataclass
class Participant:
    role: str  # IATI OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing
    name: str
    ref: str = ""
    org_type: str = ""


@dataclass
class Result:
    result_type: str
    title: str
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    baseline: Decimal | None = None
    baseline_year: int | None = None
    target: Decimal | None = None
    actual: Decimal | None = None
    target_text: str = ""
    actual_text: str = ""


@dataclass
class Transaction:
    transaction_type: str
    date: datetime.date
    value: Decimal
    currency: str
    value_date: datetime.date
    description: str = ""


@dataclass
class Activity:
    source_key: str
    iati_identifier: str = ""
    prefix: str = ""
    title: str = ""
    description: str = ""
    reporting_org_ref: str = ""
    reporting_org_name: str = ""
    activity_status: str = ""
    date_start: datetime.date | None = None
    date_end: datetime.date | None = None
    budget: Decimal | None = None
    currency: str = "EUR"
    topics: list = field(default_factory=list)
    sectors: list = field(default_factory=list)
    migration_marker: str = ""
    location: str = ""
    links: list = field(default_factory=list)
    parent_identifier: str = ""
    related_identifiers: dict = field(default_factory=dict)
    participants: list[Participant] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    place: Place | None = None

    def fingerprint(self) -> str:
        """A hash of the content, so a re-import leaves unchanged activities alone."""
        data = asdict(self)
        data.pop("place")
        for r in data["recipients"]:
            r.pop("place")
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def decimal_or_none(text):
    """A published number, or None when the cell is empty or says NULL / N/A. Never zero for empty."""
    text = (text or "").strip()
    if text.upper() in ("", "NULL", "N/A", "NA", "-"):
        return None
    try:
        value = Decimal(text)
    except ArithmeticError:
        return None
    return value if value.is_finite() else None
