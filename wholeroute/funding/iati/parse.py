"""Streaming, hardened parser of IATI 2.03 activity files: file → iterator of `Activity` records, no database.

Hardening: a document type declaration is refused before parsing (no DTD, so no internal or external entities:
billion-laughs and XXE files are rejected with a clear error); lxml runs with `resolve_entities=False`,
`no_network=True`, `load_dtd=False` and `huge_tree=False` (libxml2's limits on text size and depth); the file size
and the size of a single activity are limited. Elements are cleared as soon as they are read, so memory stays flat.
"""

import datetime
import os
import re
from decimal import Decimal, InvalidOperation

from lxml import etree

from wholeroute.funding.activities import (
    Activity,
    Participant,
    Place,
    Recipient,
    Result,
    Transaction,
    decimal_or_none,
)

MAX_FILE_BYTES = 1024 * 1024 * 1024  # 1 GiB
MAX_PROLOG_BYTES = 64 * 1024
MAX_ACTIVITY_ELEMENTS = 200_000
_PROLOG_ITEM = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->)", re.S)


class IatiFileError(ValueError):
    """A file that is refused or cannot be read; the message names the file and, where known, the line."""


def _refuse_doctype(path, name):
    """Read the prolog (XML declaration, comments, processing instructions) up to the root element and refuse a
    DOCTYPE: IATI files need none, and a DTD is how entity-expansion and external-entity attacks arrive."""
    with open(path, "rb") as handle:
        head = handle.read(MAX_PROLOG_BYTES)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    position = 0
    while True:
        match = _PROLOG_ITEM.match(head, position)
        if not match:
            break
        position = match.end()
    rest = head[position:].lstrip()
    if rest.startswith(b"<!DOCTYPE") or b"<!ENTITY" in head[:position + 200]:
        raise IatiFileError(f"{name}: refused: the file declares a document type (DOCTYPE/ENTITY). IATI files "
                            "need none, and entity declarations are how entity-expansion (billion laughs) and "
                            "external-entity attacks work. Nothing was imported.")
    if not rest.startswith(b"<"):
        raise IatiFileError(f"{name}: not an XML file, or its prolog is longer than {MAX_PROLOG_BYTES} bytes. "
                            "Nothing was imported.")


def _text(el, path):
    found = el.find(path)
    if found is None:
        return ""
    narrative = found.find("narrative")
    node = narrative if narrative is not None else found
    return (node.text or "").strip()


def _date(value, name, line, what):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise IatiFileError(f"{name}: line {line}: {what}: {value!r} is not a date (YYYY-MM-DD). "
                            "Nothing was imported.") from None


def _number(value, name, line, what):
    try:
        number = Decimal((value or "").strip())
    except InvalidOperation:
        raise IatiFileError(f"{name}: line {line}: {what}: {value!r} is not a number. Nothing was imported.") from None
    if not number.is_finite():
        raise IatiFileError(f"{name}: line {line}: {what}: {value!r} is not a number. Nothing was imported.")
    return number


def _activity(el, name, default_currency) -> Activity:
    line = el.sourceline
    ident = (el.findtext("iati-identifier") or "").strip()
    if not ident:
        raise IatiFileError(f"{name}: line {line}: iati-activity without iati-identifier. Nothing was imported.")
    currency = el.get("default-currency") or default_currency or "EUR"
    rep = el.find("reporting-org")
    a = Activity(source_key=f"iati:{ident}", iati_identifier=ident, title=_text(el, "title"),
                 description=_text(el, "description"), currency=currency,
                 reporting_org_ref=rep.get("ref", "") if rep is not None else "",
                 reporting_org_name=_text(el, "reporting-org"), place=Place(name, f"line {line}"))
    status = el.find("activity-status")
    a.activity_status = status.get("code", "") if status is not None else ""
    dates = {d.get("type"): d.get("iso-date") for d in el.iterfind("activity-date")}
    a.date_start = _date(dates.get("2") or dates.get("1"), name, line, "activity-date (start)")
    a.date_end = _date(dates.get("4") or dates.get("3"), name, line, "activity-date (end)")
    for org in el.iterfind("participating-org"):
        org_name = _text(org, ".") or org.get("ref", "")
        if org_name:
            a.participants.append(Participant(role=org.get("role", ""), name=org_name, ref=org.get("ref", ""),
                                              org_type=org.get("type", "")))
    for rc in el.iterfind("recipient-country"):
        a.recipients.append(Recipient(code=rc.get("code", ""), place=Place(name, f"line {rc.sourceline}",
                                                                           "recipient-country/@code"),
                                      percentage=decimal_or_none(rc.get("percentage"))))
    for sector in el.iterfind("sector"):
        item = {"code": sector.get("code", ""), "vocabulary": sector.get("vocabulary", "1")}
        if sector.get("percentage"):
            item["percentage"] = sector.get("percentage")
        a.sectors.append(item)
    budgets = []
    for budget in el.iterfind("budget"):
        value = budget.find("value")
        if value is not None and value.text:
            budgets.append(_number(value.text, name, budget.sourceline, "budget/value"))
    a.budget = sum(budgets) if budgets else None
    for tx in el.iterfind("transaction"):
        value = tx.find("value")
        tline = tx.sourceline
        tdate = _date((tx.find("transaction-date").get("iso-date") if tx.find("transaction-date") is not None
                       else ""), name, tline, "transaction-date")
        if value is None or tdate is None:
            raise IatiFileError(f"{name}: line {tline}: transaction without value or transaction-date. "
                                "Nothing was imported.")
        ttype = tx.find("transaction-type")
        a.transactions.append(Transaction(
            transaction_type=ttype.get("code", "") if ttype is not None else "", date=tdate,
            value=_number(value.text, name, tline, "transaction/value"),
            currency=value.get("currency") or currency,
            value_date=_date(value.get("value-date"), name, tline, "value/@value-date") or tdate,
            description=_text(tx, "description")))
    for result in el.iterfind("result"):
        rtitle = _text(result, "title")
        for indicator in result.iterfind("indicator"):
            ititle = _text(indicator, "title")
            baseline = indicator.find("baseline")
            base_value = decimal_or_none(baseline.get("value")) if baseline is not None else None
            base_year = baseline.get("year") if baseline is not None else None
            base_year = int(base_year) if base_year and base_year.isdigit() else None
            periods = list(indicator.iterfind("period")) or [None]
            for period in periods:
                target = period.find("target") if period is not None else None
                actual = period.find("actual") if period is not None else None
                ps = period.find("period-start") if period is not None else None
                pe = period.find("period-end") if period is not None else None
                a.results.append(Result(
                    result_type=rtitle, title=ititle, baseline=base_value, baseline_year=base_year,
                    period_start=_date(ps.get("iso-date") if ps is not None else "", name, line, "period-start"),
                    period_end=_date(pe.get("iso-date") if pe is not None else "", name, line, "period-end"),
                    target=decimal_or_none(target.get("value")) if target is not None else None,
                    actual=decimal_or_none(actual.get("value")) if actual is not None else None,
                    target_text=(target.get("value") or "") if target is not None else "",
                    actual_text=(actual.get("value") or "") if actual is not None else ""))
    for rel in el.iterfind("related-activity"):
        kind = {"1": "parent", "2": "child", "3": "sibling"}.get(rel.get("type"), "other")
        if kind == "parent":
            a.parent_identifier = rel.get("ref", "")
        else:
            a.related_identifiers.setdefault(kind, []).append(rel.get("ref", ""))
    return a


def parse(path, *, max_bytes: int = MAX_FILE_BYTES):
    """Yield one `Activity` per <iati-activity>, streaming. Raises `IatiFileError` for refused or broken files."""
    name = os.path.basename(str(path))
    size = os.path.getsize(path)
    if size > max_bytes:
        raise IatiFileError(f"{name}: refused: {size:,} bytes is more than the limit of {max_bytes:,} bytes. "
                            "Nothing was imported.")
    _refuse_doctype(path, name)
    context = etree.iterparse(
        str(path), events=("end",), tag="iati-activity", resolve_entities=False, no_network=True, load_dtd=False,
        dtd_validation=False, huge_tree=False, remove_comments=True, remove_pis=True)
    checked_root = False
    try:
        for _event, el in context:
            parent = el.getparent()
            if not checked_root:
                checked_root = True
                if parent is None or parent.tag != "iati-activities" or parent.get("version") != "2.03":
                    found = f"version {parent.get('version')!r}" if parent is not None else "no root element"
                    raise IatiFileError(f"{name}: line {el.sourceline}: expected <iati-activities version=\"2.03\">"
                                        f" ({found}); only IATI 2.03 activity files are read. Nothing was imported.")
            if len(el) > 5_000 and sum(1 for _ in el.iter()) > MAX_ACTIVITY_ELEMENTS:
                raise IatiFileError(f"{name}: line {el.sourceline}: one activity has more than "
                                    f"{MAX_ACTIVITY_ELEMENTS:,} elements. Nothing was imported.")
            yield _activity(el, name, parent.get("default-currency") if parent is not None else None)
            el.clear(keep_tail=False)
            while el.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise IatiFileError(f"{name}: line {exc.lineno}: not well-formed XML ({exc.msg}). Nothing was imported.") \
            from None
