from django.db import DataError, IntegrityError
from django.http import HttpResponseBadRequest


class RejectNulCharactersMiddleware:
    """Refuse requests whose path, query, form fields or JSON body hold a NUL character.

    PostgreSQL cannot store or compare NUL in text; without this, such input would become a server error deep in
    a query instead of a clear 400 (found by the Schemathesis run). File uploads may contain NUL and are not checked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return HttpResponseBadRequest("The request contains a NUL character, which is not accepted.")
        return self.get_response(request)

    def process_exception(self, request, exception):
        # A value the database cannot hold (e.g. an id beyond bigint in a URL) is bad input, not a server error.
        if out_of_range(exception):
            return HttpResponseBadRequest("A value in the request is out of range for the database.")
        return None

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("application/json"):
            body = request.body
            return b"\\u0000" in body or b"\x00" in body
        if content_type.startswith("application/x-www-form-urlencoded"):
            return any("\x00" in v for _, values in request.POST.lists() for v in values)
        return False


def out_of_range(exception) -> bool:
    """PostgreSQL's "bigint out of range" (DataError), SQLite's "datatype mismatch" or Python's OverflowError."""
    return isinstance(exception, (DataError, OverflowError)) or (
        isinstance(exception, IntegrityError) and "datatype mismatch" in str(exception))
