"""State changes for organisations, memberships and the lifecycle shared by every classified record."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wholeroute.access import audit, policy
from wholeroute.access.models import Classification, Membership, Organisation, Role, User


def _require_platform_admin(user):
    # Organisation set-up is for platform operators (CLI/system) and Django superusers.
    if user is not None and not getattr(user, "is_superuser", False):
        raise PermissionDenied("Only platform administrators may create organisations.")


@transaction.atomic
def create_organisation(user, *, name, kind, short_name="", country=None, participating=None, require_mfa=False,
                        slug=None):
    _require_platform_admin(user)
    if kind not in Organisation.Kind.values:
        raise ValidationError({"kind": f"Unknown organisation kind {kind!r}; choose one of {', '.join(Organisation.Kind.values)}."})
    if participating is None:
        participating = kind not in {Organisation.Kind.PARTNER_GOVERNMENT, Organisation.Kind.CIVIL_SOCIETY}
    org = Organisation(
        name=name, slug=slug or slugify(short_name or name)[:80], short_name=short_name, kind=kind,
        country=country, participating=participating, require_mfa=require_mfa,
    )
    org.full_clean()
    org.save()
    audit.record(user=user, verb="organisation.create", obj=org, after=audit.snapshot(org), organisation=org)
    return org


@transaction.atomic
def update_organisation(user, org, **fields):
    if user is not None and not (getattr(user, "is_superuser", False) or policy.can_administer(user, org)):
        raise PermissionDenied("Only admins of this organisation may change it.")
    before = audit.snapshot(org)
    for name, value in fields.items():
        setattr(org, name, value)
    org.full_clean()
    org.save()
    audit.record(user=user, verb="organisation.update", obj=org, before=before, after=audit.snapshot(org),
                 organisation=org)
    return org


@transaction.atomic
def add_member(user, organisation, *, email, role=Role.VIEWER, first_name="", last_name="", password=None):
    """Add a user (created if new) to an organisation with a role. Only that organisation's admins may."""
    if user is not None and not (getattr(user, "is_superuser", False) or policy.can_administer(user, organisation)):
        raise PermissionDenied("Only admins of this organisation may add members.")
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}; choose one of {', '.join(Role.values)}."})
    member = User.objects.filter(email__iexact=email).first()
    if member is None:
        member = User.objects.create_user(email=email, password=password, first_name=first_name, last_name=last_name)
        if password is None:
            member.set_unusable_password()
            member.save(update_fields=["password"])
        audit.record(user=user, verb="user.create", obj=member, after={"email": member.email}, organisation=organisation)
    existing = Membership.objects.select_for_update().filter(user=member, organisation=organisation, ended_at__isnull=True).first()
    if existing:
        if existing.role != role:
            before = audit.snapshot(existing)
            existing.role = role
            existing.save(update_fields=["role"])
            audit.record(user=user, verb="membership.change_role", obj=existing, before=before,
                         after=audit.snapshot(existing), organisation=organisation)
        policy.forget(member)
        return existing
    membership = Membership.objects.create(user=member, organisation=organisation, role=role)
    audit.record(user=user, verb="membership.create", obj=membership, after=audit.snapshot(membership),
                 organisation=organisation)
    policy.forget(member)
    return membership


@transaction.atomic
def end_membership(user, membership, *, reason=""):
    if user is not None and not (getattr(user, "is_superuser", False) or policy.can_administer(user, membership.organisation)):
        raise PermissionDenied("Only admins of this organisation may end memberships.")
    before = audit.snapshot(membership)
    membership.ended_at = timezone.now()
    membership.save(update_fields=["ended_at"])
    audit.record(user=user, verb="membership.end", obj=membership, before=before, after=audit.snapshot(membership),
                 reason=reason, organisation=membership.organisation)
    policy.forget(membership.user)
    return membership


@transaction.atomic
def withdraw(user, obj, *, reason: str):
    """Withdraw a classified record instead of deleting it. Editors of the owner may; a reason is required."""
    policy.require_change(user, obj)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the record is withdrawn."})
    before = audit.snapshot(obj)
    obj.withdrawn_at = timezone.now()
    obj.withdrawn_reason = reason
    obj.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    audit.record(user=user, verb=f"{obj._meta.model_name}.withdraw", obj=obj, before=before,
                 after=audit.snapshot(obj), reason=reason)
    return obj


@transaction.atomic
def reclassify(user, obj, *, classification: str, shared_with=None, reason: str = ""):
    """Change a record's classification or share list (editors of the owner)."""
    policy.require_change(user, obj)
    if classification not in Classification.values:
        from wholeroute.access.markings import refuse_eu_classified_marking

        refuse_eu_classified_marking(classification, "classification")
        raise ValidationError({"classification": f"Choose PUBLIC, LIMITED or SENSITIVE, not {classification!r}."})
    before = audit.snapshot(obj)
    obj.classification = classification
    obj.save(update_fields=["classification"])
    if shared_with is not None:
        obj.shared_with.set(shared_with)
    audit.record(user=user, verb=f"{obj._meta.model_name}.reclassify", obj=obj, before=before,
                 after=audit.snapshot(obj), reason=reason)
    return obj
