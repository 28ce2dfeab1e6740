"""The JSON API (django-ninja). Each app contributes `router` from its own ``api.py``; OpenAPI at /api/docs.

Reads work anonymously and return only what the caller may see (wholeroute.access.policy); writes use
`auth=django_auth`, which also enforces CSRF for session clients.
"""

import importlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from ninja import NinjaAPI

api = NinjaAPI(
    title="wholeroute API",
    version="1",
    description="Partnerships, safeguards, funding, outreach and migration statistics. "
    "Same access rules as the pages: anonymous callers see PUBLIC records only.",
    docs_url="/docs",
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(DataError)
@api.exception_handler(OverflowError)
def _out_of_range(request, exc):
    # e.g. an id beyond PostgreSQL's bigint (found by Schemathesis): the caller's input, not a server error.
    return api.create_response(request, {"detail": [{"field": None, "message": "A value is out of range."}]}, status=422)


@api.exception_handler(IntegrityError)
def _integrity(request, exc):
    from wholeroute.home.middleware import out_of_range

    if out_of_range(exc):
        return _out_of_range(request, exc)
    raise exc


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    if hasattr(exc, "message_dict"):
        errors = [{"field": f, "message": m} for f, msgs in exc.message_dict.items() for m in msgs]
    else:
        errors = [{"field": None, "message": m} for m in exc.messages]
    return api.create_response(request, {"detail": errors}, status=422)


for _app in settings.WHOLEROUTE_APPS:
    try:
        _module = importlib.import_module(f"{_app}.api")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"{_app}.api":
            raise
        continue
    api.add_router(f"/{_app.rsplit('.', 1)[1]}/", _module.router)
