"""Mandate pages, the mandate-gap report and capacity offers. Access through wholeroute.access.policy."""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from wholeroute.access import policy
from wholeroute.access.models import Classification, Organisation, Role
from wholeroute.actors import actions, gaps
from wholeroute.actors.models import CapacityOffer, Function, MandateHolder
from wholeroute.geo.models import Country, Route
from wholeroute.partnerships.forms import AccessibleForm
from wholeroute.partnerships.models import Partnership
from wholeroute.partnerships.spreadsheet import csv_response


def mandates(request):
    holders = MandateHolder.objects.annotate(
        permitted=Count("entries", filter=Q(entries__permitted=True)),
        excluded=Count("entries", filter=Q(entries__permitted=False)),
        uncertain=Count("entries", filter=Q(entries__uncertain=True)))
    return render(request, "actors/mandates.html", {"holders": holders})


def mandate(request, code):
    holder = get_object_or_404(MandateHolder, code=code)
    entries = holder.entries.select_related("function")
    return render(request, "actors/mandate.html", {
        "holder": holder, "permitted": [e for e in entries if e.permitted],
        "excluded": [e for e in entries if not e.permitted]})


def _gap_page(request, partnership=None):
    findings = gaps.report(request.user, partnership, gaps_only=request.GET.get("all") != "1")
    if request.GET.get("format") == "csv":
        name = f"mandate-gaps-{partnership.pk}.csv" if partnership else "mandate-gaps.csv"
        return csv_response(name, gaps.CSV_COLUMNS, gaps.csv_rows(findings))
    from wholeroute.access.models import CLASSIFICATION_RANK

    classification = max([f.assignment.partnership.classification for f in findings] or ["PUBLIC"],
                         key=CLASSIFICATION_RANK.__getitem__)
    return render(request, "actors/gaps.html", {"findings": findings, "p": partnership,
                                                "all": request.GET.get("all") == "1",
                                                "page_classification": classification})


def gap_report(request):
    return _gap_page(request)


def partnership_gaps(request, pk):
    p = get_object_or_404(Partnership, pk=pk)
    if not policy.can_view(request.user, p):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        from django.http import Http404

        raise Http404("No such record.")
    return _gap_page(request, p)


class OfferForm(AccessibleForm):
    owner = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Offering organisation")
    function = forms.ModelChoiceField(queryset=Function.objects.filter(is_limit=False))
    phase = forms.ChoiceField(choices=CapacityOffer._meta.get_field("phase").choices)
    expertise = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    countries = forms.ModelMultipleChoiceField(queryset=Country.objects.countries(), required=False,
                                               help_text="Leave empty if the offer applies anywhere.")
    routes = forms.ModelMultipleChoiceField(queryset=Route.objects.all(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    available_from = forms.DateField(required=False, help_text="YYYY-MM-DD")
    available_until = forms.DateField(required=False, help_text="YYYY-MM-DD")
    classification = forms.ChoiceField(choices=Classification.choices, initial=Classification.LIMITED)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.filter(
            pk__in=policy.organisations_with_role(user, Role.EDITOR))


def offers(request):
    can_offer = bool(policy.organisations_with_role(request.user, Role.EDITOR))
    form = OfferForm(request.POST or None, user=request.user) if can_offer else None
    if request.method == "POST":
        if not can_offer:
            raise PermissionDenied("Only editors may record offers.")
        if form.is_valid():
            try:
                actions.create_offer(request.user, **form.cleaned_data)
                messages.success(request, "Offer recorded.")
                return redirect("actors:offers")
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
    visible = CapacityOffer.objects.visible_to(request.user).select_related("owner", "function").prefetch_related(
        "countries", "routes")
    return render(request, "actors/offers.html", {"offers": visible, "matches": gaps.matches(request.user),
                                                  "form": form})


@require_POST
def withdraw_offer(request, pk):
    offer = get_object_or_404(CapacityOffer, pk=pk)
    if not policy.can_view(request.user, offer):
        raise PermissionDenied("You may not see this offer.")
    try:
        actions.withdraw_offer(request.user, offer, reason=request.POST.get("reason", ""))
        messages.success(request, "Offer withdrawn.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("actors:offers")
