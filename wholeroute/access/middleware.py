from django.shortcuts import redirect

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/admin/logout")


class OrganisationMfaMiddleware:
    """Members of an organisation that requires a second factor must set one up before doing anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(EXEMPT_PREFIXES):
            if _needs_totp(user):
                return redirect("mfa_activate_totp")
        return self.get_response(request)


def _needs_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    requires = user.memberships.filter(ended_at__isnull=True, organisation__require_mfa=True).exists()
    return requires and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
