"""The one place that answers "may this user see / change / approve this record".

Views, the API, the CLI, exports, feeds and reports all ask here. Rules:
- PUBLIC: anyone, including anonymous visitors of the public portal.
- LIMITED: signed-in members of participating organisations.
- SENSITIVE: members of the owning organisation and of organisations it is explicitly shared with.
- Withdrawn records: only admins of the owning organisation.
- Change: editors (or higher) of the owning organisation. Approve: approvers (or higher) of the owning
  organisation who are not the author (four eyes).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from wholeroute.access.models import ROLE_RANK, Classification, Membership, Role

_CACHE_ATTR = "_wholeroute_roles"


def roles(user) -> dict[int, str]:
    """{organisation id: role} for the user's active memberships, cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = {
            m.organisation_id: m.role
            for m in Membership.objects.filter(
                user=user, ended_at__isnull=True, organisation__withdrawn_at__isnull=True
            ).only("organisation_id", "role")
        }
        participating = set(
            Membership.objects.filter(
                user=user, ended_at__isnull=True, organisation__withdrawn_at__isnull=True,
                organisation__participating=True,
            ).values_list("organisation_id", flat=True)
        )
        setattr(user, _CACHE_ATTR, cached)
        user._wholeroute_participating = participating
    return cached


def forget(user) -> None:
    """Drop the cached roles (after memberships change)."""
    for attr in (_CACHE_ATTR, "_wholeroute_participating"):
        if hasattr(user, attr):
            delattr(user, attr)


def is_participant(user) -> bool:
    roles(user)
    return bool(getattr(user, "_wholeroute_participating", set()))


def has_role(user, organisation_id, minimum: str) -> bool:
    role = roles(user).get(organisation_id)
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[minimum]


def organisations_with_role(user, minimum: str) -> list[int]:
    return [org for org, role in roles(user).items() if ROLE_RANK[role] >= ROLE_RANK[minimum]]


def _shared_ids(obj) -> set[int]:
    return set(obj.shared_with.values_list("id", flat=True)) if obj.pk else set()


def can_view(user, obj) -> bool:
    if obj.withdrawn_at is not None:
        return has_role(user, obj.owner_id, Role.ADMIN)
    if obj.classification == Classification.PUBLIC:
        return True
    if obj.classification == Classification.LIMITED:
        return is_participant(user)
    member_of = set(roles(user))
    return obj.owner_id in member_of or bool(member_of & _shared_ids(obj))


def can_change(user, obj) -> bool:
    return obj.withdrawn_at is None and has_role(user, obj.owner_id, Role.EDITOR)


def can_approve(user, obj, *, author=None) -> bool:
    """Approvers of the owning organisation, never the record's author (four eyes)."""
    if author is not None and getattr(user, "pk", None) == getattr(author, "pk", author):
        return False
    return obj.withdrawn_at is None and has_role(user, obj.owner_id, Role.APPROVER)


def can_create(user, organisation) -> bool:
    org_id = getattr(organisation, "pk", organisation)
    return has_role(user, org_id, Role.EDITOR)


def can_administer(user, organisation) -> bool:
    org_id = getattr(organisation, "pk", organisation)
    return has_role(user, org_id, Role.ADMIN)


def visibility_q(user, *, prefix: str = "", include_withdrawn: bool = False) -> Q:
    """A filter selecting the records the user may see; `prefix` reaches a related record ("partnership__")."""
    member_of = list(roles(user))
    q = Q(**{f"{prefix}classification": Classification.PUBLIC})
    if is_participant(user):
        q |= Q(**{f"{prefix}classification": Classification.LIMITED})
    if member_of:
        q |= Q(**{f"{prefix}classification": Classification.SENSITIVE}) & (
            Q(**{f"{prefix}owner_id__in": member_of}) | Q(**{f"{prefix}shared_with__in": member_of})
        )
    active = Q(**{f"{prefix}withdrawn_at__isnull": True})
    if include_withdrawn:
        admin_of = organisations_with_role(user, Role.ADMIN)
        active |= Q(**{f"{prefix}owner_id__in": admin_of})
    return q & active


def visible(queryset, user, *, prefix: str = "", include_withdrawn: bool = False):
    q = visibility_q(user, prefix=prefix, include_withdrawn=include_withdrawn)
    # The share-list join can repeat rows; keep each record once.
    return queryset.filter(pk__in=queryset.model._default_manager.filter(q).values("pk")) if prefix == "" else (
        queryset.filter(q).distinct()
    )


def acting_organisation(user, obj=None, *, minimum: str = Role.VIEWER):
    """The organisation through which the user acts on obj (the owner if they belong to it)."""
    from wholeroute.access.models import Organisation

    user_roles = roles(user)
    if obj is not None and getattr(obj, "owner_id", None) in user_roles:
        return Organisation.objects.get(pk=obj.owner_id)
    candidates = [org for org, role in user_roles.items() if ROLE_RANK[role] >= ROLE_RANK[minimum]]
    return Organisation.objects.filter(pk__in=candidates).order_by("name").first()


def require(allowed: bool, message: str = "You do not have permission to do this.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_view(user, obj) -> None:
    require(can_view(user, obj), "You may not see this record.")


def require_change(user, obj) -> None:
    require(can_change(user, obj), "Only editors of the owning organisation may change this record.")


def require_approve(user, obj, *, author=None) -> None:
    if author is not None and getattr(user, "pk", None) == getattr(author, "pk", author):
        raise PermissionDenied("Four eyes: the person who drafted or requested this cannot approve it.")
    require(can_approve(user, obj), "Only approvers of the owning organisation may approve this.")
