"""What a pack is about: a country (by code), a route (by slug) or an outreach event (by number), resolved for one
reader. A classified subject (an event) the reader may not see is reported as not found, never as forbidden."""

from django.contrib.auth.models import AnonymousUser

from wholeroute.access import policy
from wholeroute.geo.models import Country, Route
from wholeroute.outreach.models import Event

KINDS = ("country", "route", "event")


class SubjectNotFound(LookupError):
    pass


def resolve(kind: str, key: str, user=None, *, public_only=False):
    """The subject, or SubjectNotFound with the same message whether it does not exist or may not be seen."""
    reader = AnonymousUser() if public_only or user is None else user
    missing = SubjectNotFound(f"There is no {kind} {key!r}, or you may not see it.")
    if kind == "country":
        subject = Country.objects.filter(code=str(key).upper()).first()
    elif kind == "route":
        subject = Route.objects.filter(slug=key).first()
    elif kind == "event":
        subject = Event.objects.filter(pk=int(key)).first() if str(key).isdigit() else None
        if subject is not None and (subject.is_withdrawn or not policy.can_view(reader, subject)):
            subject = None
    else:
        raise SubjectNotFound(f"Unknown kind of pack {kind!r}.")
    if subject is None:
        raise missing
    return subject
