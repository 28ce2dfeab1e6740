"""Every state change of the funding app: one function per verb, one transaction, a policy check, an audit row.

`user=None` is the system (seed, CLI imports run by an operator); every other caller is checked by
`wholeroute.access.policy`.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from wholeroute import bulkcopy
from wholeroute.access import audit, policy
from wholeroute.access.models import Classification, Role
from wholeroute.funding import guidelines
from wholeroute.funding.models import (
    Commitment,
    Disbursement,
    Envelope,
    EnvelopeFigure,
    ExchangeRate,
    FundingRule,
    Instrument,
)

CENT = Decimal("0.01")


def _decimal(value, field):
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: f"{value!r} is not a number."}) from None
    if not result.is_finite():
        raise ValidationError({field: f"{value!r} is not a number."})
    return result


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _require_editor_of(user, organisation):
    if user is not None and not policy.can_create(user, organisation):
        raise PermissionDenied("Only editors of the owning organisation may record this.")


def _owner_for(user, owner=None):
    if owner is not None:
        return owner
    org = policy.acting_organisation(user, minimum=Role.EDITOR)
    if org is None:
        raise PermissionDenied("You need an editor role in an organisation to record funding.")
    return org


# ---------------------------------------------------------------- reference ledger (instruments, envelopes)

@transaction.atomic
def save_instrument(user, *, slug, owner, **fields):
    """Create or update an instrument (system seed, or admins of the owning organisation)."""
    instrument = Instrument.objects.select_for_update().filter(slug=slug).first()
    if user is not None and not policy.can_administer(user, instrument.owner if instrument else owner):
        raise PermissionDenied("Only admins of the owning organisation may change an instrument.")
    before = audit.snapshot(instrument)
    if instrument is None:
        instrument = Instrument(slug=slug, owner=owner, created_by=user if user else None)
    for name, value in fields.items():
        setattr(instrument, name, value)
    if _same(before, instrument):
        return instrument
    _save(instrument)
    after = audit.snapshot(instrument)
    audit.record(user=user, verb="funding_instrument.create" if before is None else "funding_instrument.update",
                 obj=instrument, before=before, after=after, organisation=instrument.owner)
    return instrument


@transaction.atomic
def set_approval_threshold(user, instrument, *, amount, reason):
    """Change the amount above which commitments need a second person's approval (admins of the owner)."""
    if not policy.can_administer(user, instrument.owner):
        raise PermissionDenied("Only admins of the owning organisation may change the four-eyes threshold.")
    if not str(reason).strip():
        raise ValidationError({"reason": "Say why the threshold changes."})
    amount = _decimal(amount, "amount")
    if amount < 0:
        raise ValidationError({"amount": "The threshold cannot be negative."})
    before = audit.snapshot(instrument, ["approval_threshold"])
    instrument.approval_threshold = amount
    instrument.save(update_fields=["approval_threshold", "updated_at"])
    audit.record(user=user, verb="funding_instrument.set_threshold", obj=instrument, before=before,
                 after=audit.snapshot(instrument, ["approval_threshold"]), reason=reason)
    return instrument


def _same(before, obj):
    """Would saving obj change anything (ignoring the automatic update time)?"""
    after = audit.snapshot(obj)
    return before is not None and {k: v for k, v in before.items() if k != "updated_at"} == {
        k: v for k, v in after.items() if k != "updated_at"}


@transaction.atomic
def save_envelope(user, *, registry_id, owner, instrument, figures, countries=(), **fields):
    """Create or update an envelope with its sourced figures (system seed or editors of the owner)."""
    envelope = Envelope.objects.select_for_update().filter(registry_id=registry_id).first() if registry_id else None
    if user is not None and not policy.can_create(user, envelope.owner if envelope else owner):
        raise PermissionDenied("Only editors of the owning organisation may change an envelope.")
    before = audit.snapshot(envelope)
    before_figures = [audit.snapshot(f) for f in envelope.figures.all()] if envelope else []
    if envelope is None:
        envelope = Envelope(registry_id=registry_id, owner=owner, created_by=user if user else None)
    envelope.instrument = instrument
    for name, value in fields.items():
        setattr(envelope, name, value)
    wanted_countries = sorted(c.pk for c in countries)
    same_figures = len(before_figures) == len(figures) and all(
        all(_plain_equal(old.get(k), v) for k, v in new.items()) for old, new in zip(before_figures, figures, strict=False))
    if _same(before, envelope) and same_figures and before.get("countries") == wanted_countries:
        return envelope
    _save(envelope)
    envelope.countries.set(countries)
    existing = {f.order: f for f in envelope.figures.all()}
    for order, figure in enumerate(figures):
        row = existing.pop(order, None) or EnvelopeFigure(envelope=envelope, order=order)
        for name, value in figure.items():
            setattr(row, name, value)
        row.full_clean()
        row.save()
    if existing:
        raise ValidationError({"figures": f"{envelope}: figures cannot be removed, only corrected."})
    after = audit.snapshot(envelope)
    after_figures = [audit.snapshot(f) for f in envelope.figures.all()]
    audit.record(user=user, verb="funding_envelope.create" if before is None else "funding_envelope.update",
                 obj=envelope, before={**(before or {}), "figures": before_figures},
                 after={**after, "figures": after_figures}, organisation=envelope.owner)
    return envelope


def _plain_equal(old, new):
    if isinstance(new, Decimal):
        return old is not None and Decimal(str(old)) == new
    return old == new


@transaction.atomic
def record_exchange_rate(user, *, currency, on_date, eur_per_unit, source, owner=None,
                         classification=Classification.LIMITED):
    owner = _owner_for(user, owner)
    _require_editor_of(user, owner)
    rate = ExchangeRate(currency=currency.upper(), on_date=on_date, eur_per_unit=_decimal(eur_per_unit, "eur_per_unit"),
                        source=source, owner=owner, classification=classification, created_by=user)
    if rate.eur_per_unit <= 0:
        raise ValidationError({"eur_per_unit": "A rate must be greater than zero."})
    if not source.strip():
        raise ValidationError({"source": "Say where the rate was read."})
    _save(rate)
    audit.record(user=user, verb="funding_exchangerate.record", obj=rate, after=audit.snapshot(rate))
    return rate


def _apply_money(obj, *, amount, currency, eur_per_unit=None, rate_date=None, rate_source="", rate_record=None):
    obj.amount = _decimal(amount, "amount")
    obj.currency = (currency or "EUR").upper()
    if obj.currency == "EUR":
        obj.eur_per_unit, obj.rate_date, obj.rate_source, obj.rate_record = None, None, "", None
        obj.amount_eur = obj.amount
        return
    if rate_record is not None:
        if rate_record.currency != obj.currency:
            raise ValidationError({"rate_record": f"The recorded rate is for {rate_record.currency}, "
                                                  f"not {obj.currency}."})
        eur_per_unit, rate_date = rate_record.eur_per_unit, rate_record.on_date
        rate_source = f"{rate_record.source} (recorded rate {rate_record.pk})"
    if eur_per_unit in (None, "") or not rate_date or not str(rate_source or "").strip():
        raise ValidationError({"eur_per_unit": f"An amount in {obj.currency} needs the rate used, its date and its "
                                               "source: enter them or choose a recorded rate. wholeroute never "
                                               "guesses a rate."})
    obj.eur_per_unit = _decimal(eur_per_unit, "eur_per_unit")
    if obj.eur_per_unit <= 0:
        raise ValidationError({"eur_per_unit": "A rate must be greater than zero."})
    obj.rate_date, obj.rate_source, obj.rate_record = rate_date, rate_source, rate_record
    obj.amount_eur = (obj.amount * obj.eur_per_unit).quantize(CENT)


# ---------------------------------------------------------------- commitments and disbursements

@transaction.atomic
def record_commitment(user, *, envelope, title, amount, committed_on, channel, partnership=None, action=None,
                      currency="EUR", eur_per_unit=None, rate_date=None, rate_source="", rate_record=None,
                      implementing_organisation=None, implementer_name="", solution_types=None, purpose_code="",
                      migration_marker="", oda_eligible=Commitment.Oda.UNKNOWN, owner=None,
                      classification=Classification.LIMITED):
    """Record a commitment. At or below the instrument's threshold it counts at once; above it waits for a second
    person's approval (four eyes). The guideline check in force on the commitment date is stored with it."""
    owner = _owner_for(user, owner)
    _require_editor_of(user, owner)
    if user is not None:
        policy.require_view(user, envelope)
        for target in (partnership, action):
            if target is not None:
                policy.require_view(user, target)
    if partnership is None and action is None:
        raise ValidationError({"partnership": "Say which partnership or funded action the money goes to."})
    if isinstance(committed_on, str):
        committed_on = datetime.date.fromisoformat(committed_on)
    if solution_types is None:
        solution_types = list(partnership.solution_types.values_list("code", flat=True)) if partnership else []
    commitment = Commitment(
        envelope=envelope, partnership=partnership, action=action, title=title, channel=channel,
        committed_on=committed_on, implementing_organisation=implementing_organisation,
        implementer_name=implementer_name, solution_types=sorted(solution_types), purpose_code=purpose_code,
        migration_marker=migration_marker, oda_eligible=oda_eligible, owner=owner, classification=classification,
        created_by=user,
    )
    _apply_money(commitment, amount=amount, currency=currency, eur_per_unit=eur_per_unit, rate_date=rate_date,
                 rate_source=rate_source, rate_record=rate_record)
    commitment.guideline_check = guidelines.check_commitment(
        envelope.instrument, commitment.solution_types, committed_on).as_dict()
    threshold = envelope.instrument.approval_threshold
    if commitment.amount_eur <= threshold:
        commitment.status = Commitment.Status.APPROVED
        commitment.decided_at = timezone.now()
        commitment.decision_reason = f"At or below the four-eyes threshold of EUR {threshold:,}: counts on recording."
    else:
        commitment.status = Commitment.Status.PENDING
    _save(commitment)
    audit.record(user=user, verb="funding_commitment.record", obj=commitment, after=audit.snapshot(commitment))
    return commitment


def _decide(user, commitment, status, verb, reason):
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.status != Commitment.Status.PENDING:
        raise ValidationError({"status": f"This commitment is {commitment.get_status_display().lower()}, "
                                         "not awaiting approval."})
    policy.require_approve(user, commitment, author=commitment.created_by)
    before = audit.snapshot(commitment)
    commitment.status = status
    commitment.approved_by = user
    commitment.decided_at = timezone.now()
    commitment.decision_reason = reason
    commitment.save(update_fields=["status", "approved_by", "decided_at", "decision_reason", "updated_at"])
    audit.record(user=user, verb=verb, obj=commitment, before=before, after=audit.snapshot(commitment), reason=reason)
    return commitment


@transaction.atomic
def approve_commitment(user, commitment, *, reason=""):
    """A second person (approver of the owner, not the author) approves: from now on the commitment counts."""
    return _decide(user, commitment, Commitment.Status.APPROVED, "funding_commitment.approve", reason)


@transaction.atomic
def reject_commitment(user, commitment, *, reason):
    if not str(reason).strip():
        raise ValidationError({"reason": "Say why the commitment is rejected."})
    return _decide(user, commitment, Commitment.Status.REJECTED, "funding_commitment.reject", reason)


@transaction.atomic
def cancel_commitment(user, commitment, *, reason):
    policy.require_change(user, commitment)
    if not str(reason).strip():
        raise ValidationError({"reason": "Say why the commitment is cancelled."})
    if commitment.disbursements.filter(withdrawn_at__isnull=True).exists():
        raise ValidationError({"status": "Money has been disbursed: the commitment cannot be cancelled."})
    before = audit.snapshot(commitment)
    commitment.status = Commitment.Status.CANCELLED
    commitment.decision_reason = reason
    commitment.save(update_fields=["status", "decision_reason", "updated_at"])
    audit.record(user=user, verb="funding_commitment.cancel", obj=commitment, before=before,
                 after=audit.snapshot(commitment), reason=reason)
    return commitment


@transaction.atomic
def record_disbursement(user, commitment, *, amount, disbursed_on, currency="EUR", eur_per_unit=None,
                        rate_date=None, rate_source="", rate_record=None, note=""):
    """Record money paid out under a counted commitment (editors of the commitment's owner)."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if user is not None:
        policy.require_change(user, commitment)
    if not commitment.counts:
        raise ValidationError({"commitment": "Only an approved commitment can be disbursed against."})
    if isinstance(disbursed_on, str):
        disbursed_on = datetime.date.fromisoformat(disbursed_on)
    d = Disbursement(commitment=commitment, disbursed_on=disbursed_on, note=note, owner=commitment.owner,
                     classification=commitment.classification, created_by=user)
    _apply_money(d, amount=amount, currency=currency, eur_per_unit=eur_per_unit, rate_date=rate_date,
                 rate_source=rate_source, rate_record=rate_record)
    paid = commitment.disbursements.filter(withdrawn_at__isnull=True).aggregate(s=Sum("amount_eur"))["s"] or 0
    if paid + d.amount_eur > commitment.amount_eur:
        raise ValidationError({"amount": f"Disbursements would reach EUR {paid + d.amount_eur:,}, more than the "
                                         f"EUR {commitment.amount_eur:,} committed."})
    _save(d)
    d.shared_with.set(commitment.shared_with.all())
    audit.record(user=user, verb="funding_disbursement.record", obj=d, after=audit.snapshot(d))
    return d


# ---------------------------------------------------------------- funding guidelines

RULE_FIELDS = ["instrument", "solution_types", "outcome", "title", "rule_text", "conditions", "legal_source",
               "source_url", "source_date", "valid_from", "valid_to", "uncertain", "note", "classification"]


@transaction.atomic
def save_rule(user, *, key, owner=None, reason="", **fields):
    """Add a rule or a new version of it. Admins of the owning organisation only; the old version is kept."""
    current = FundingRule.objects.select_for_update().filter(key=key, is_current=True).first()
    owner = current.owner if current else owner
    if owner is None:
        owner = policy.acting_organisation(user, minimum=Role.ADMIN) if user is not None else None
    if owner is None or (user is not None and not policy.can_administer(user, owner)):
        raise PermissionDenied("Only admins of the owning organisation may change funding guidelines.")
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError({"__all__": f"Unknown rule fields: {', '.join(sorted(unknown))}."})
    if current is not None:
        values = {name: fields.get(name, getattr(current, name)) for name in RULE_FIELDS}
        if all(getattr(current, name) == values[name] for name in RULE_FIELDS):
            return current
        if user is not None and not str(reason).strip():
            raise ValidationError({"reason": "Say why the rule changes."})
    else:
        values = {"classification": Classification.PUBLIC, **fields}
    rule = FundingRule(key=key, version=(current.version + 1) if current else 1, owner=owner, created_by=user,
                       change_reason=reason, **values)
    if rule.valid_from and rule.valid_to and rule.valid_to < rule.valid_from:
        raise ValidationError({"valid_to": "A rule cannot end before it starts."})
    before = audit.snapshot(current)
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current", "updated_at"])
    _save(rule)
    audit.record(user=user, verb="funding_rule.create" if current is None else "funding_rule.revise", obj=rule,
                 before=before, after=audit.snapshot(rule), reason=reason, organisation=owner)
    return rule


# ---------------------------------------------------------------- imports of funded actions (EUTF tables, IATI)

class ImportRefused(ValidationError):
    """A file rejected as a whole; `problems` lists every error with file, row and column."""

    def __init__(self, problems):
        self.problems = [str(p) for p in problems]
        super().__init__(self.problems)


def _require_importer(user, owner):
    if user is not None and not policy.can_administer(user, owner):
        raise PermissionDenied("Only admins of the owning organisation may import funded actions.")


class _ActionWriter:
    """Upserts activities in batches (bulk inserts, children replaced only when an activity changed)."""

    BATCH = 500

    def __init__(self, *, source, owner, instrument, classification):
        from wholeroute.access.models import Organisation
        from wholeroute.geo.resolve import Resolver

        self.source, self.owner, self.instrument, self.classification = source, owner, instrument, classification
        self.resolver = Resolver()
        self.organisations = {o.name.casefold(): o.pk for o in Organisation.objects.all()}
        self.organisations.update({o.short_name.casefold(): o.pk for o in Organisation.objects.exclude(short_name="")})
        self.counts = {"read": 0, "inserted": 0, "updated": 0, "unchanged": 0, "recipients": 0, "participants": 0,
                       "results": 0, "transactions": 0}
        self.errors = []
        self.batch = []

    def add(self, activity):
        self.counts["read"] += 1
        self.batch.append(activity)
        if len(self.batch) >= self.BATCH:
            self.flush()

    def flush(self):
        from wholeroute.funding.models import (
            ActionCountry,
            ActionParticipant,
            ActionResult,
            ActionTransaction,
            FundedAction,
        )

        batch, self.batch = self.batch, []
        if not batch:
            return
        existing = {a.source_key: a for a in FundedAction.objects.filter(source_key__in=[x.source_key for x in batch])}
        fresh, changed = [], []
        for item in batch:
            sha = item.fingerprint()
            action = existing.get(item.source_key)
            if action is not None and action.content_sha256 == sha:
                self.counts["unchanged"] += 1
                continue
            fields = {
                "source": self.source, "iati_identifier": item.iati_identifier, "instrument": self.instrument,
                "prefix": item.prefix, "title": item.title, "description": item.description,
                "reporting_org_ref": item.reporting_org_ref, "reporting_org_name": item.reporting_org_name,
                "activity_status": item.activity_status, "date_start": item.date_start, "date_end": item.date_end,
                "budget": item.budget, "currency": item.currency, "topics": item.topics, "sectors": item.sectors,
                "migration_marker": item.migration_marker, "location": item.location, "links": item.links,
                "parent_identifier": item.parent_identifier, "related_identifiers": item.related_identifiers,
                "content_sha256": sha}
            if action is None:
                action = FundedAction(source_key=item.source_key, owner=self.owner,
                                      classification=self.classification, **fields)
                fresh.append((action, item))
            else:
                for name, value in fields.items():
                    setattr(action, name, value)
                changed.append((action, item))
        if fresh:
            FundedAction.objects.bulk_create([a for a, _ in fresh], batch_size=self.BATCH)
            if fresh[0][0].pk is None:  # backends that do not return keys from bulk inserts
                keys = FundedAction.objects.filter(source_key__in=[a.source_key for a, _ in fresh]).in_bulk(
                    field_name="source_key")
                for a, _ in fresh:
                    a.pk = keys[a.source_key].pk
            self.counts["inserted"] += len(fresh)
        if changed:
            ids = [a.pk for a, _ in changed]
            # Children are the source file's content: replaced with the activity, never edited in wholeroute.
            for model in (ActionCountry, ActionParticipant, ActionResult, ActionTransaction):
                model.objects.filter(action_id__in=ids)._raw_delete(model.objects.db)
            FundedAction.objects.bulk_update([a for a, _ in changed], list(fields), batch_size=self.BATCH)
            self.counts["updated"] += len(changed)
        recipients, participants, results, transactions = [], [], [], []
        for action, item in fresh + changed:
            seen = set()
            for r in item.recipients:
                country = self.resolver.resolve(r.code)
                if country is None:
                    self.errors.append(f"{r.place}: unknown country code {r.code!r}")
                    continue
                if country.pk in seen:
                    continue
                seen.add(country.pk)
                recipients.append(ActionCountry(action_id=action.pk, country=country, percentage=r.percentage,
                                                budget=r.budget))
            for p in item.participants:
                participants.append(ActionParticipant(
                    action_id=action.pk, role=p.role, name=p.name[:300], ref=p.ref[:100], org_type=p.org_type[:3],
                    organisation_id=self.organisations.get(p.name.casefold())))
            for order, r in enumerate(item.results):
                results.append(ActionResult(
                    action_id=action.pk, order=order, result_type=r.result_type[:1000], title=r.title,
                    period_start=r.period_start, period_end=r.period_end, baseline=r.baseline,
                    baseline_year=r.baseline_year, target=r.target, actual=r.actual,
                    target_text=r.target_text[:200], actual_text=r.actual_text[:200]))
            for t in item.transactions:
                transactions.append(ActionTransaction(
                    action_id=action.pk, transaction_type=t.transaction_type, date=t.date, value=t.value,
                    currency=t.currency, value_date=t.value_date, description=t.description))
        for model, rows, key in ((ActionCountry, recipients, "recipients"),
                                 (ActionParticipant, participants, "participants"),
                                 (ActionResult, results, "results"), (ActionTransaction, transactions, "transactions")):
            self.counts[key] += bulkcopy.insert(model, rows)  # COPY on PostgreSQL: most of a large import


def _file_sha256(paths):
    import hashlib

    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _failed_run(kind, file_name, sha, problems, user):
    from wholeroute.funding.models import ImportRun

    # Outside the rolled-back transaction: the failure is on record, nothing else is written.
    with transaction.atomic():
        run = ImportRun.objects.create(kind=kind, file_name=file_name, sha256=sha, status=ImportRun.Status.FAILED,
                                       errors=[str(p) for p in problems][:1000], started_by=user)
        audit.record(user=user, verb="funding_import.fail", obj=run, after={"errors": len(problems)},
                     reason=f"{len(problems)} error(s)")
    return run


def import_eutf(user, folder, *, owner, instrument=None):
    """Import the EUTF for Africa tables (all or nothing). Raises ImportRefused with every error."""
    from wholeroute.funding import eutf
    from wholeroute.funding.models import FundedAction, ImportRun

    _require_importer(user, owner)
    parsed = eutf.parse(folder)
    sha = _file_sha256([p for p in parsed.files if p.exists()]) if not parsed.errors else ""
    if parsed.errors:
        _failed_run(FundedAction.Source.EUTF, str(folder), sha, parsed.errors, user)
        raise ImportRefused(parsed.errors)
    try:
        with transaction.atomic():
            writer = _ActionWriter(source=FundedAction.Source.EUTF, owner=owner, instrument=instrument,
                                   classification=Classification.PUBLIC)
            for activity in parsed.activities:
                writer.add(activity)
            writer.flush()
            if writer.errors:
                raise ImportRefused(writer.errors)
            run = ImportRun.objects.create(kind=FundedAction.Source.EUTF, file_name=str(folder), sha256=sha,
                                           status=ImportRun.Status.DONE, counts=writer.counts,
                                           warnings=[str(w) for w in parsed.warnings], started_by=user)
            audit.record(user=user, verb="funding_import.eutf", obj=run, after=writer.counts, organisation=owner)
    except ImportRefused as exc:
        _failed_run(FundedAction.Source.EUTF, str(folder), sha, exc.problems, user)
        raise
    return run


def import_iati(user, path, *, owner, instrument=None, classification=Classification.PUBLIC, max_bytes=None,
                progress=None):
    """Import an IATI 2.03 activity file, streamed, all or nothing. Raises ImportRefused naming file and line."""
    from wholeroute.funding.iati import parse as iati_parse
    from wholeroute.funding.models import FundedAction, ImportRun

    _require_importer(user, owner)
    name = str(path)
    try:
        with transaction.atomic():
            writer = _ActionWriter(source=FundedAction.Source.IATI, owner=owner, instrument=instrument,
                                   classification=classification)
            kwargs = {"max_bytes": max_bytes} if max_bytes else {}
            for activity in iati_parse.parse(path, **kwargs):
                writer.add(activity)
                if progress is not None and writer.counts["read"] % 1000 == 0:
                    progress(writer.counts["read"])
            writer.flush()
            if writer.errors:
                raise ImportRefused(writer.errors)
            run = ImportRun.objects.create(kind=FundedAction.Source.IATI, file_name=name, status=ImportRun.Status.DONE,
                                           counts=writer.counts, started_by=user)
            audit.record(user=user, verb="funding_import.iati", obj=run, after=writer.counts, organisation=owner)
    except iati_parse.IatiFileError as exc:
        _failed_run(FundedAction.Source.IATI, name, "", [str(exc)], user)
        raise ImportRefused([str(exc)]) from None
    except ImportRefused as exc:
        _failed_run(FundedAction.Source.IATI, name, "", exc.problems, user)
        raise
    return run
