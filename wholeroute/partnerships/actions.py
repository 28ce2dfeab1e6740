"""Every state change of partnerships: one function per verb, one transaction, a permission check, an audit row.

`user=None` means the system (seed, registry import); views, the API and commands always pass the signed-in user.
"""

import datetime
import decimal
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from wholeroute.access import audit, policy
from wholeroute.access.models import Classification
from wholeroute.partnerships import filetypes, gates
from wholeroute.partnerships.models import (
    Document,
    DocumentVersion,
    Fact,
    Partnership,
    Party,
    ResultIndicator,
    ResultValue,
    RoleAssignment,
    TransitionRequest,
)
from wholeroute.partnerships.periods import parse_period
from wholeroute.partnerships.results import parse_number

Phase = Partnership.Phase

M2M_FIELDS = ("solution_types", "countries", "routes", "shared_with")
EDITABLE_FIELDS = {
    "title", "summary", "classification", "instrument_kind", "legal_basis", "legal_instrument", "instrument_note",
    "scoping_note", "lead_organisation", "no_eu_funds", "signed_or_announced", "entry_into_force", "applies_from",
    "ended", "status_text", "status_as_of", "sources", "party_notes", "parties_uncertain", *M2M_FIELDS,
}
IMPORT_ONLY_FIELDS = {"registry_id", "phase", "phase_imported"}


def _is_system(user):
    return user is None


def _snapshot(p):
    data = audit.snapshot(p)
    data["parties"] = [[x.kind, x.country_id, x.organisation_id, x.name] for x in p.parties.all()]
    return data


def _derive_parties(countries):
    """Party rows for state parties chosen in a form: Member States and partner countries told apart."""
    today = datetime.date.today()
    return [
        {"kind": Party.Kind.MEMBER_STATE if c.is_member("EU", today) else Party.Kind.PARTNER_COUNTRY,
         "country": c, "name": c.name}
        for c in countries
    ]


def _set_parties(p, parties):
    p.parties.all().delete()
    Party.objects.bulk_create([
        Party(partnership=p, order=i, kind=x["kind"], country=x.get("country"), organisation=x.get("organisation"),
              name=x["name"])
        for i, x in enumerate(parties)
    ])


def _set_facts(p, facts):
    p.facts.all().delete()
    objs = []
    for i, f in enumerate(facts):
        fact = Fact(partnership=p, order=i, **f)
        fact.full_clean(exclude=["partnership"])
        objs.append(fact)
    Fact.objects.bulk_create(objs)


def _apply(p, fields, *, allowed):
    unknown = set(fields) - allowed - {"parties", "facts"}
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set here."))
    m2m = {name: fields.pop(name) for name in M2M_FIELDS if name in fields}
    parties = fields.pop("parties", None)
    facts = fields.pop("facts", None)
    for name, value in fields.items():
        setattr(p, name, value if value is not None or name == "lead_organisation" else "")
    p.full_clean()
    p.save()
    for name, value in m2m.items():
        getattr(p, name).set(value)
    if parties is None and "countries" in m2m:
        parties = [x for x in _existing_parties(p) if x["kind"] not in (Party.Kind.MEMBER_STATE,
                                                                         Party.Kind.PARTNER_COUNTRY)]
        parties += _derive_parties(p.countries.all())
    if parties is not None:
        _set_parties(p, parties)
    if facts is not None:
        _set_facts(p, facts)
    return p


def _existing_parties(p):
    return [{"kind": x.kind, "country": x.country, "organisation": x.organisation, "name": x.name}
            for x in p.parties.select_related("country", "organisation")]


@transaction.atomic
def create_partnership(user, *, owner, **fields):
    """A new partnership in exploration, owned by `owner` (the creating editor's organisation)."""
    if not _is_system(user) and not policy.can_create(user, owner):
        raise PermissionDenied("Only editors of the owning organisation may create partnerships.")
    if not fields.get("title", "").strip():
        raise ValidationError({"title": "Give the partnership a title."})
    allowed = EDITABLE_FIELDS | (IMPORT_ONLY_FIELDS if _is_system(user) else set())
    p = Partnership(owner=owner, created_by=user if not _is_system(user) else None)
    _apply(p, dict(fields), allowed=allowed)
    audit.record(user=user, verb="partnership.create", obj=p, after=_snapshot(p), organisation=owner)
    return p


@transaction.atomic
def update_partnership(user, partnership, **fields):
    """Change a partnership's record. The phase changes only through transitions, suspension and closure."""
    p = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if not _is_system(user):
        policy.require_change(user, p)
    if "phase" in fields and not _is_system(user):
        raise ValidationError({"phase": "The phase changes only through a transition request and its approval."})
    if fields.get("title") is not None and not str(fields["title"]).strip():
        raise ValidationError({"title": "Give the partnership a title."})
    before = _snapshot(p)
    allowed = EDITABLE_FIELDS | (IMPORT_ONLY_FIELDS if _is_system(user) else set())
    _apply(p, dict(fields), allowed=allowed)
    audit.record(user=user, verb="partnership.update", obj=p, before=before, after=_snapshot(p),
                 organisation=None if not _is_system(user) else p.owner)
    partnership.refresh_from_db()
    return p


# --- registry import -------------------------------------------------------------------------------------------

def _facts_key(facts):
    def amount(v):
        return None if v is None else str(decimal.Decimal(str(v)).quantize(decimal.Decimal("0.01")))

    def plain(f):
        return {k: (amount(v) if k == "amount" else v) for k, v in sorted(f.items())}

    return [plain(f) for f in facts]


@transaction.atomic
def import_registry_record(user, *, owner, fields) -> str:
    """Create or update a partnership from a sourced registry record; 'created', 'updated' or 'unchanged'.

    `fields` come from `seed.record_fields` (registry id, resolved countries, parties, facts …). Re-importing an
    unchanged record writes nothing (no audit row).
    """
    if not _is_system(user):
        raise PermissionDenied("The registry is imported by the system (wholeroute seed), not by users.")
    fields = dict(fields)
    existing = Partnership.objects.filter(registry_id=fields["registry_id"]).first()
    if existing is None:
        create_partnership(None, owner=owner, classification=Classification.PUBLIC, **fields)
        return "created"
    current = _snapshot(existing)
    current_facts = _facts_key(list(existing.facts.order_by("order").values(
        "kind", "label", "text", "date", "amount", "currency", "sources", "uncertain", "note", "details")))
    wanted_facts = _facts_key([{**{"label": "", "text": "", "date": "", "amount": None, "currency": "",
                                   "sources": [], "uncertain": False, "note": "", "details": {}}, **f}
                               for f in fields["facts"]])
    scalar_same = all(
        current.get(name) == audit._plain(value)
        for name, value in fields.items()
        if name not in (*M2M_FIELDS, "parties", "facts")
    )
    m2m_same = all(
        current.get(name) == sorted(x.pk for x in fields[name]) for name in ("solution_types", "countries", "routes")
    )
    parties_same = current["parties"] == [[x["kind"], getattr(x.get("country"), "pk", None),
                                           getattr(x.get("organisation"), "pk", None), x["name"]]
                                          for x in fields["parties"]]
    if scalar_same and m2m_same and parties_same and current_facts == wanted_facts:
        return "unchanged"
    if existing.phase_imported is False:
        # The record went through our gates since it was imported: keep the phase it reached.
        fields.pop("phase", None)
        fields.pop("phase_imported", None)
    update_partnership(None, existing, **fields)
    return "updated"


# --- lifecycle -------------------------------------------------------------------------------------------------

def _require_reason(reason, field="reason"):
    if not (reason or "").strip():
        raise ValidationError({field: "Give a reason; it is kept in the audit trail."})


@transaction.atomic
def request_transition(user, partnership, *, to_phase, reason) -> TransitionRequest:
    """An editor asks to move the partnership to `to_phase`; refused with every missing gate condition."""
    p = Partnership.objects.select_for_update().get(pk=partnership.pk)
    policy.require_change(user, p)
    _require_reason(reason)
    if to_phase not in Phase.values:
        raise ValidationError({"to_phase": f"Unknown phase {to_phase!r}."})
    if to_phase not in gates.NEXT_PHASES[p.phase]:
        allowed = ", ".join(Phase(x).label for x in gates.NEXT_PHASES[p.phase]) or "none (resume or close instead)"
        raise ValidationError({"to_phase": f"A partnership in {p.get_phase_display().lower()} cannot move to "
                                           f"{Phase(to_phase).label.lower()}. Possible: {allowed}."})
    if p.transition_requests.filter(status=TransitionRequest.Status.PENDING).exists():
        raise ValidationError({"to_phase": "A transition request for this partnership is already awaiting approval."})
    missing = gates.missing_conditions(p, to_phase)
    if missing:
        raise ValidationError({"to_phase": f"{Phase(to_phase).label} needs " + "; ".join(missing) + "."})
    request = TransitionRequest.objects.create(partnership=p, from_phase=p.phase, to_phase=to_phase, reason=reason,
                                               requested_by=user)
    audit.record(user=user, verb="partnership.request_transition", obj=p,
                 after={"request": request.pk, "from_phase": p.phase, "to_phase": to_phase}, reason=reason)
    return request


@transaction.atomic
def approve_transition(user, request, *, reason=""):
    """A second person (approver of the owner, not the requester) approves; the gates are checked again now."""
    # Lock the request first: of two concurrent approvals, the second sees it decided and stops.
    req = TransitionRequest.objects.select_for_update().get(pk=request.pk)
    p = Partnership.objects.select_for_update().get(pk=req.partnership_id)
    if req.status != TransitionRequest.Status.PENDING:
        raise ValidationError({"request": f"This request was already {req.get_status_display().lower()}."})
    policy.require_approve(user, p, author=req.requested_by)
    if p.phase != req.from_phase:
        raise ValidationError({"request": f"The partnership is now in {p.get_phase_display().lower()}, not "
                                          f"{req.get_from_phase_display().lower()}; ask for a new transition."})
    missing = gates.missing_conditions(p, req.to_phase)
    if missing:
        raise ValidationError({"request": f"{req.get_to_phase_display()} needs " + "; ".join(missing) + "."})
    before = audit.snapshot(p, ["phase", "phase_imported"])
    p.phase = req.to_phase
    p.phase_imported = False
    p.save(update_fields=["phase", "phase_imported", "updated_at"])
    req.status = TransitionRequest.Status.APPROVED
    req.decided_by = user
    req.decided_at = timezone.now()
    req.decision_reason = reason
    req.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit.record(user=user, verb="partnership.approve_transition", obj=p, before=before,
                 after={**audit.snapshot(p, ["phase", "phase_imported"]), "request": req.pk},
                 reason=reason or req.reason)
    request.refresh_from_db()
    return req


@transaction.atomic
def reject_transition(user, request, *, reason):
    req = TransitionRequest.objects.select_for_update().get(pk=request.pk)
    p = Partnership.objects.get(pk=req.partnership_id)
    if req.status != TransitionRequest.Status.PENDING:
        raise ValidationError({"request": f"This request was already {req.get_status_display().lower()}."})
    # The requester may withdraw their own request; otherwise an approver decides.
    if user.pk != req.requested_by_id:
        policy.require_approve(user, p)
    _require_reason(reason)
    req.status = TransitionRequest.Status.REJECTED
    req.decided_by = user
    req.decided_at = timezone.now()
    req.decision_reason = reason
    req.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit.record(user=user, verb="partnership.reject_transition", obj=p,
                 after={"request": req.pk, "to_phase": req.to_phase}, reason=reason)
    request.refresh_from_db()
    return req


def _close_pending(p, user, why):
    for req in p.transition_requests.select_for_update().filter(status=TransitionRequest.Status.PENDING):
        req.status = TransitionRequest.Status.REJECTED
        req.decided_by = user
        req.decided_at = timezone.now()
        req.decision_reason = why
        req.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])


@transaction.atomic
def suspend(user, partnership, *, reason, proposal=None):
    """Suspend a partnership (approvers of the owner; the safeguards app calls this when a proposal is accepted)."""
    p = Partnership.objects.select_for_update().get(pk=partnership.pk)
    policy.require_approve(user, p, author=getattr(proposal, "created_by", None) if proposal is not None else None)
    _require_reason(reason)
    if p.phase in (Phase.SUSPENDED, Phase.CLOSED):
        raise ValidationError({"phase": f"The partnership is already {p.get_phase_display().lower()}."})
    before = audit.snapshot(p, ["phase", "phase_reason", "phase_before_suspension"])
    p.phase_before_suspension = p.phase
    p.phase = Phase.SUSPENDED
    p.phase_reason = reason
    p.save(update_fields=["phase", "phase_reason", "phase_before_suspension", "updated_at"])
    _close_pending(p, user, "Partnership suspended.")
    after = audit.snapshot(p, ["phase", "phase_reason", "phase_before_suspension"])
    if proposal is not None:
        after["proposal"] = f"{proposal._meta.label_lower}:{proposal.pk}"
    audit.record(user=user, verb="partnership.suspend", obj=p, before=before, after=after, reason=reason)
    partnership.refresh_from_db()
    return p


@transaction.atomic
def resume(user, partnership, *, reason):
    """Lift a suspension: back to the phase the partnership was in (gates are checked again)."""
    p = Partnership.objects.select_for_update().get(pk=partnership.pk)
    policy.require_approve(user, p)
    _require_reason(reason)
    if p.phase != Phase.SUSPENDED:
        raise ValidationError({"phase": "Only a suspended partnership can be resumed."})
    back_to = p.phase_before_suspension or Phase.EXPLORATION
    missing = gates.missing_conditions(p, back_to)
    if missing and not p.phase_imported:
        raise ValidationError({"phase": f"{Phase(back_to).label} needs " + "; ".join(missing) + "."})
    before = audit.snapshot(p, ["phase", "phase_reason", "phase_before_suspension"])
    p.phase = back_to
    p.phase_before_suspension = ""
    p.phase_reason = ""
    p.save(update_fields=["phase", "phase_reason", "phase_before_suspension", "updated_at"])
    audit.record(user=user, verb="partnership.resume", obj=p, before=before,
                 after=audit.snapshot(p, ["phase", "phase_reason", "phase_before_suspension"]), reason=reason)
    partnership.refresh_from_db()
    return p


@transaction.atomic
def close(user, partnership, *, reason):
    p = Partnership.objects.select_for_update().get(pk=partnership.pk)
    policy.require_approve(user, p)
    _require_reason(reason)
    if p.phase == Phase.CLOSED:
        raise ValidationError({"phase": "The partnership is already closed."})
    before = audit.snapshot(p, ["phase", "phase_reason"])
    p.phase = Phase.CLOSED
    p.phase_reason = reason
    p.save(update_fields=["phase", "phase_reason", "updated_at"])
    _close_pending(p, user, "Partnership closed.")
    audit.record(user=user, verb="partnership.close", obj=p, before=before,
                 after=audit.snapshot(p, ["phase", "phase_reason"]), reason=reason)
    partnership.refresh_from_db()
    return p


# --- roles -----------------------------------------------------------------------------------------------------

@transaction.atomic
def assign_role(user, partnership, *, organisation, phase, role, function, where, note=""):
    """Record who does what in which phase; `organisation=None` records an open need."""
    p = Partnership.objects.get(pk=partnership.pk)
    if not _is_system(user):
        policy.require_change(user, p)
    assignment = RoleAssignment(partnership=p, organisation=organisation, phase=phase, role=role, function=function,
                                where=where, note=note or "", created_by=user)
    assignment.full_clean()
    assignment.save()
    audit.record(user=user, verb="roleassignment.create", obj=assignment, after=audit.snapshot(assignment),
                 organisation=None if not _is_system(user) else p.owner)
    return assignment


@transaction.atomic
def withdraw_role(user, assignment, *, reason):
    policy.require_change(user, assignment.partnership)
    _require_reason(reason)
    before = audit.snapshot(assignment)
    assignment.withdrawn_at = timezone.now()
    assignment.save(update_fields=["withdrawn_at"])
    audit.record(user=user, verb="roleassignment.withdraw", obj=assignment, before=before,
                 after=audit.snapshot(assignment), reason=reason)
    return assignment


# --- documents -------------------------------------------------------------------------------------------------

def _check_upload(upload):
    limit = settings.WHOLEROUTE_MAX_UPLOAD_BYTES
    if upload is None:
        raise ValidationError({"file": "Choose a file to upload."})
    if upload.size > limit:
        raise ValidationError({"file": f"The file is {upload.size:,} bytes; the largest accepted is {limit:,} bytes."})
    kind, reason = filetypes.identify(upload)
    if kind is None:
        raise ValidationError({"file": reason})
    return kind


def _store_version(document, upload, user, note):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    name = upload.name.rsplit("/", 1)[-1][:200]
    version = DocumentVersion(document=document, number=number, file_name=name, size=upload.size,
                              sha256=digest.hexdigest(), note=note or "", uploaded_by=user,
                              content_type=filetypes.identify(upload)[0].content_type)
    version.file.save(name, upload, save=False)
    version.save()
    return version


@transaction.atomic
def add_document(user, partnership, *, title, upload, classification=None, description="", note=""):
    """Attach a document (first version) to a partnership; editors of the partnership's owner."""
    policy.require_change(user, partnership)
    _check_upload(upload)
    document = Document(partnership=partnership, owner=partnership.owner, title=title, description=description,
                        classification=classification or partnership.classification, created_by=user)
    document.full_clean()
    document.save()
    version = _store_version(document, upload, user, note)
    audit.record(user=user, verb="document.create", obj=document,
                 after={**audit.snapshot(document), "version": version.number, "sha256": version.sha256})
    return document


@transaction.atomic
def add_document_version(user, document, *, upload, note=""):
    policy.require_change(user, document)
    _check_upload(upload)
    version = _store_version(document, upload, user, note)
    audit.record(user=user, verb="document.add_version", obj=document,
                 after={"version": version.number, "sha256": version.sha256, "size": version.size}, reason=note)
    return version


# --- results framework -----------------------------------------------------------------------------------------

@transaction.atomic
def define_indicator(user, partnership, **fields):
    policy.require_change(user, partnership)
    dims = fields.get("disaggregation") or []
    unknown = [d for d in dims if d not in ResultIndicator.DIMENSIONS]
    if unknown:
        raise ValidationError({"disaggregation": f"Unknown dimension(s) {', '.join(unknown)}; use "
                                                 f"{', '.join(ResultIndicator.DIMENSIONS)}."})
    for name in ("baseline_value", "target_value", "plausibility_max"):
        if name in fields:
            fields[name] = parse_number(fields[name], name)
    indicator = ResultIndicator(partnership=partnership, created_by=user, **fields)
    indicator.full_clean()
    if indicator.measure == ResultIndicator.Measure.RATIO and not (indicator.numerator_label
                                                                   and indicator.denominator_label):
        raise ValidationError({"numerator_label": "A ratio needs a numerator and a denominator: name both."})
    indicator.save()
    audit.record(user=user, verb="resultindicator.create", obj=indicator, after=audit.snapshot(indicator))
    return indicator


@transaction.atomic
def report_value(user, indicator, *, period, value=None, numerator=None, denominator=None, breakdown=None,
                 evidence=None):
    """Report (or correct, while not verified) the value of an indicator for a period. Numbers only."""
    p = indicator.partnership
    policy.require_change(user, p)
    try:
        label, start, end = parse_period(period)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from None
    errors = {}
    parsed = {}
    for name, raw in (("value", value), ("numerator", numerator), ("denominator", denominator)):
        try:
            parsed[name] = parse_number(raw, name)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            parsed[name] = None
    clean_breakdown = {}
    for dim, categories in (breakdown or {}).items():
        if dim not in indicator.disaggregation:
            errors["breakdown"] = f"{dim!r} is not a disaggregation of this indicator."
            continue
        clean_breakdown[dim] = {}
        for category, raw in (categories or {}).items():
            try:
                clean_breakdown[dim][str(category)] = str(parse_number(raw, f"{dim} {category}"))
            except ValidationError as exc:
                errors["breakdown"] = "; ".join(exc.messages)
    if indicator.measure == ResultIndicator.Measure.RATIO:
        if parsed["numerator"] is None or parsed["denominator"] is None:
            errors["numerator"] = "A ratio is reported as its numerator and denominator, both numbers."
        elif parsed["denominator"] == 0:
            errors["denominator"] = "The denominator cannot be zero."
        parsed["value"] = None
    elif parsed["value"] is None and "value" not in errors:
        errors["value"] = "Enter the value as a number."
    for name in ("value", "numerator", "denominator"):
        if parsed.get(name) is not None and parsed[name] < 0:
            errors[name] = "Counts cannot be negative."
    if evidence is not None and evidence.partnership_id != p.pk:
        errors["evidence"] = "The evidence must be a document of this partnership."
    if errors:
        raise ValidationError(errors)
    existing = ResultValue.objects.select_for_update().filter(indicator=indicator, period=label).first()
    if existing is not None and existing.locked:
        raise ValidationError({"period": f"{label} is verified and locked; an approver must unlock it first."})
    before = audit.snapshot(existing) if existing else None
    obj = existing or ResultValue(indicator=indicator, period=label)
    obj.period_start, obj.period_end = start, end
    obj.value, obj.numerator, obj.denominator = parsed["value"], parsed["numerator"], parsed["denominator"]
    obj.breakdown = clean_breakdown
    obj.evidence = evidence
    obj.reported_by = user
    obj.status = ResultValue.Status.REPORTED
    obj.save()
    audit.record(user=user, verb="resultvalue.report", obj=obj, before=before, after=audit.snapshot(obj))
    return obj


@transaction.atomic
def verify_value(user, result, *, reason=""):
    """An approver other than the reporter verifies a value; it is then locked."""
    obj = ResultValue.objects.select_for_update().select_related("indicator__partnership").get(pk=result.pk)
    policy.require_approve(user, obj.indicator.partnership, author=obj.reported_by)
    if obj.status == ResultValue.Status.VERIFIED:
        raise ValidationError({"status": "Already verified."})
    before = audit.snapshot(obj)
    obj.status, obj.verified_by, obj.verified_at, obj.status_reason = ResultValue.Status.VERIFIED, user, \
        timezone.now(), reason
    obj.save()
    audit.record(user=user, verb="resultvalue.verify", obj=obj, before=before, after=audit.snapshot(obj),
                 reason=reason)
    result.refresh_from_db()
    return obj


@transaction.atomic
def dispute_value(user, result, *, reason):
    obj = ResultValue.objects.select_for_update().select_related("indicator__partnership").get(pk=result.pk)
    policy.require_approve(user, obj.indicator.partnership, author=obj.reported_by)
    _require_reason(reason)
    if obj.locked:
        raise ValidationError({"status": "A verified value is locked; unlock it first."})
    before = audit.snapshot(obj)
    obj.status, obj.status_reason = ResultValue.Status.DISPUTED, reason
    obj.save()
    audit.record(user=user, verb="resultvalue.dispute", obj=obj, before=before, after=audit.snapshot(obj),
                 reason=reason)
    result.refresh_from_db()
    return obj


@transaction.atomic
def unlock_value(user, result, *, reason):
    """Unlocking a verified value needs an approver and a reason; it goes back to 'reported'."""
    obj = ResultValue.objects.select_for_update().select_related("indicator__partnership").get(pk=result.pk)
    policy.require_approve(user, obj.indicator.partnership)
    _require_reason(reason)
    if not obj.locked:
        raise ValidationError({"status": "Only a verified value is locked."})
    before = audit.snapshot(obj)
    obj.status, obj.verified_by, obj.verified_at, obj.status_reason = ResultValue.Status.REPORTED, None, None, reason
    obj.save()
    audit.record(user=user, verb="resultvalue.unlock", obj=obj, before=before, after=audit.snapshot(obj),
                 reason=reason)
    result.refresh_from_db()
    return obj
