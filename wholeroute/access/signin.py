"""django-allauth wiring: no self sign-up (organisation admins add members), and lockout by django-axes."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm as AllauthLoginForm


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False


class LoginForm(AllauthLoginForm):
    def user_credentials(self):
        credentials = super().user_credentials()
        # django-axes counts failures per "login" value and address.
        credentials["login"] = credentials.get("email") or credentials.get("username")
        return credentials
