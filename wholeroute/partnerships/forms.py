"""Forms of the partnership pages; every field labelled, errors linked to their fields."""

from django import forms

from wholeroute.access import policy
from wholeroute.access.models import Classification, Organisation, Role
from wholeroute.geo.models import Country, Route
from wholeroute.partnerships.filetypes import accepted_extensions
from wholeroute.partnerships.models import Partnership, ResultIndicator, RoleAssignment, SolutionType
from wholeroute.partnerships.partialdates import validate_partial_date


class AccessibleForm(forms.Form):
    """Marks invalid fields (aria-invalid) and links each field to its error message (aria-describedby)."""

    template_name = "partnerships/form.html"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = [f"id_{name}_error"]
                if self.fields[name].help_text:
                    described.append(f"id_{name}_helptext")
                attrs["aria-describedby"] = " ".join(described)


class PartnershipForm(AccessibleForm):
    title = forms.CharField(max_length=300)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    classification = forms.ChoiceField(choices=Classification.choices, initial=Classification.LIMITED,
                                       help_text="PUBLIC: anyone; LIMITED: participating organisations; "
                                                 "SENSITIVE: your organisation and those you share with.")
    solution_types = forms.ModelMultipleChoiceField(queryset=SolutionType.objects.all(), required=False,
                                                    widget=forms.CheckboxSelectMultiple)
    countries = forms.ModelMultipleChoiceField(queryset=Country.objects.countries(), required=False,
                                               help_text="Partner countries and state parties.")
    routes = forms.ModelMultipleChoiceField(queryset=Route.objects.all(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    lead_organisation = forms.ModelChoiceField(queryset=Organisation.objects.filter(withdrawn_at__isnull=True),
                                               required=False)
    scoping_note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                   help_text="What the partnership is meant to achieve, with whom, and what is out of "
                                             "scope. Needed to enter design.")
    instrument_kind = forms.ChoiceField(choices=[("", "—")] + Partnership.InstrumentKind.choices, required=False)
    legal_basis = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    legal_instrument = forms.CharField(max_length=300, required=False,
                                       help_text="Reference of the signed legal instrument. Needed to enter "
                                                 "implementation.")
    no_eu_funds = forms.BooleanField(required=False, label="Explicitly no EU funds")
    signed_or_announced = forms.CharField(max_length=10, required=False, help_text="YYYY, YYYY-MM or YYYY-MM-DD",
                                           validators=[validate_partial_date])
    entry_into_force = forms.CharField(max_length=10, required=False, help_text="YYYY, YYYY-MM or YYYY-MM-DD",
                                        validators=[validate_partial_date])
    ended = forms.CharField(max_length=10, required=False, help_text="YYYY, YYYY-MM or YYYY-MM-DD",
                             validators=[validate_partial_date])
    status_text = forms.CharField(label="Status", max_length=500, required=False)
    status_as_of = forms.CharField(label="Status as of", max_length=10, required=False,
                                   help_text="YYYY, YYYY-MM or YYYY-MM-DD", validators=[validate_partial_date])

    @classmethod
    def initial_for(cls, p):
        data = {name: getattr(p, name) for name in cls.base_fields if not isinstance(
            cls.base_fields[name], forms.ModelMultipleChoiceField)}
        data.update(solution_types=list(p.solution_types.all()), countries=list(p.countries.all()),
                    routes=list(p.routes.all()), lead_organisation=p.lead_organisation)
        return data


class OwnerChoiceForm(AccessibleForm):
    owner = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Owning organisation")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.filter(
            pk__in=policy.organisations_with_role(user, Role.EDITOR))


class TransitionRequestForm(AccessibleForm):
    to_phase = forms.ChoiceField(label="Move to phase", choices=[])
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, phases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_phase"].choices = [(p, Partnership.Phase(p).label) for p in phases]


class ReasonForm(AccessibleForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class OptionalReasonForm(AccessibleForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RoleForm(AccessibleForm):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.filter(withdrawn_at__isnull=True),
                                          required=False, help_text="Leave empty to record an open need.")
    phase = forms.ChoiceField(choices=Partnership.Phase.choices[:4])
    role = forms.ChoiceField(choices=RoleAssignment.Role.choices)
    function = forms.ModelChoiceField(queryset=None)
    where = forms.ChoiceField(label="Where the function is carried out", choices=RoleAssignment.Where.choices,
                              initial=RoleAssignment.Where.THIRD_COUNTRIES)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        from wholeroute.actors.models import Function

        super().__init__(*args, **kwargs)
        self.fields["function"].queryset = Function.objects.filter(is_limit=False)


class DocumentForm(AccessibleForm):
    title = forms.CharField(max_length=300)
    classification = forms.ChoiceField(choices=Classification.choices)
    file = forms.FileField(help_text=f"Accepted: {accepted_extensions()}.")
    note = forms.CharField(required=False, label="Version note")


class VersionForm(AccessibleForm):
    file = forms.FileField(help_text=f"Accepted: {accepted_extensions()}.")
    note = forms.CharField(required=False, label="What changed")


class IndicatorForm(AccessibleForm):
    name = forms.CharField(max_length=300)
    unit = forms.CharField(max_length=80)
    measure = forms.ChoiceField(choices=ResultIndicator.Measure.choices)
    numerator_label = forms.CharField(max_length=200, required=False)
    denominator_label = forms.CharField(max_length=200, required=False)
    beneficiary_group = forms.SlugField(max_length=80, required=False,
                                        help_text=ResultIndicator._meta.get_field("beneficiary_group").help_text)
    baseline_value = forms.CharField(required=False, help_text="A number")
    baseline_date = forms.DateField(required=False, help_text="YYYY-MM-DD")
    target_value = forms.CharField(required=False, help_text="A number")
    target_date = forms.DateField(required=False, help_text="YYYY-MM-DD")
    disaggregation = forms.MultipleChoiceField(choices=[(d, d.replace("_", " ")) for d in ResultIndicator.DIMENSIONS],
                                               required=False, widget=forms.CheckboxSelectMultiple)
    plausibility_max = forms.CharField(required=False, label="Plausibility bound",
                                       help_text="Values above it are flagged (default: twice the target).")


class ValueForm(AccessibleForm):
    period = forms.CharField(max_length=10, help_text="2025, 2025-Q3 or 2025-07")
    value = forms.CharField(required=False, help_text="A number (counts)")
    numerator = forms.CharField(required=False, help_text="A number (ratios)")
    denominator = forms.CharField(required=False, help_text="A number (ratios)")
    evidence = forms.ModelChoiceField(queryset=None, required=False, label="Evidence document")

    def __init__(self, *args, indicator=None, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = documents
        for dim in indicator.disaggregation if indicator else []:
            self.fields[f"breakdown_{dim}"] = forms.CharField(
                required=False, label=f"Breakdown by {dim.replace('_', ' ')}",
                help_text="category=number, separated by semicolons, e.g. female=120; male=80")

    def breakdown(self):
        result = {}
        for name, raw in self.cleaned_data.items():
            if name.startswith("breakdown_") and raw:
                dim = name.removeprefix("breakdown_")
                pairs = {}
                for part in raw.split(";"):
                    if not part.strip():
                        continue
                    if "=" not in part:
                        raise forms.ValidationError({name: f"Write category=number, not {part.strip()!r}."})
                    category, number = part.split("=", 1)
                    pairs[category.strip()] = number.strip()
                result[dim] = pairs
        return result
