"""State changes of the actors app: loading mandates as data, capacity and expertise offers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from wholeroute.access import audit, policy
from wholeroute.actors.mandates import FAMILY_KINDS
from wholeroute.actors.models import CapacityOffer, Function, MandateEntry, MandateHolder


@transaction.atomic
def load_mandates(user, *, functions, holders, compiled) -> dict:
    """Create or update the function vocabulary and mandates from parsed data; counts per outcome.

    Only the system (seed) or a platform administrator may change mandates: they are legal reference data.
    """
    if user is not None and not getattr(user, "is_superuser", False):
        raise PermissionDenied("Only platform administrators may change mandates.")
    from wholeroute.access.models import Organisation

    counts = {"created": 0, "updated": 0, "unchanged": 0}
    by_code = {f.code: f for f in Function.objects.all()}
    for code, (description, is_limit) in functions.items():
        f = by_code.get(code)
        if f is None:
            by_code[code] = Function.objects.create(code=code, description=description, is_limit=is_limit)
        elif (f.description, f.is_limit) != (description, is_limit):
            f.description, f.is_limit = description, is_limit
            f.save()
    for h in holders:
        wanted = {"name": h.name, "kind": h.kind, "organisation_kinds": FAMILY_KINDS.get(h.code, []),
                  "constituent_instruments": h.constituent_instruments, "general_limits": h.general_limits,
                  "pending_changes": h.pending_changes, "compiled": compiled}
        entries = [
            {"function_id": by_code[e.code].pk, "permitted": e.permitted, "legal_basis": e.legal_basis,
             "geographic_scope": e.geographic_scope, "text": e.text, "source": e.source, "also_seen": e.also_seen,
             "uncertain": e.uncertain, "note": e.note, "order": i}
            for i, e in enumerate(h.entries)
        ]
        holder = MandateHolder.objects.filter(code=h.code).first()
        before = None
        if holder is not None:
            current = {k: getattr(holder, k) for k in wanted}
            current_entries = list(holder.entries.order_by("-permitted", "order").values(*entries[0].keys())) \
                if entries else []
            if current == wanted and sorted(current_entries, key=lambda e: e["order"]) == entries:
                counts["unchanged"] += 1
                continue
            before = {**audit.snapshot(holder), "entries": current_entries}
            for k, v in wanted.items():
                setattr(holder, k, v)
            holder.save()
            holder.entries.all().delete()
            counts["updated"] += 1
        else:
            holder = MandateHolder.objects.create(code=h.code, **wanted)
            counts["created"] += 1
        MandateEntry.objects.bulk_create([MandateEntry(holder=holder, **e) for e in entries])
        holder.organisations.set(Organisation.objects.filter(slug=h.code))
        audit.record(user=user, verb="mandateholder.load", obj=holder, before=before,
                     after={**audit.snapshot(holder), "entries": entries})
    return counts


@transaction.atomic
def create_offer(user, *, owner, function, phase, expertise, countries=(), routes=(), available_from=None,
                 available_until=None, classification="LIMITED"):
    if not policy.can_create(user, owner):
        raise PermissionDenied("Only editors of the organisation may record its offers.")
    offer = CapacityOffer(owner=owner, created_by=user, function=function, phase=phase, expertise=expertise,
                          available_from=available_from, available_until=available_until,
                          classification=classification)
    offer.full_clean()
    if available_from and available_until and available_until < available_from:
        raise ValidationError({"available_until": "The end of availability is before its start."})
    offer.save()
    offer.countries.set(countries)
    offer.routes.set(routes)
    audit.record(user=user, verb="capacityoffer.create", obj=offer, after=audit.snapshot(offer))
    return offer


@transaction.atomic
def withdraw_offer(user, offer, *, reason):
    policy.require_change(user, offer)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the offer is withdrawn."})
    before = audit.snapshot(offer)
    offer.withdrawn_at = timezone.now()
    offer.withdrawn_reason = reason
    offer.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    audit.record(user=user, verb="capacityoffer.withdraw", obj=offer, before=before, after=audit.snapshot(offer),
                 reason=reason)
    return offer
