"""Forms of the funding pages (labels and help on every field; errors shown next to them)."""

from django import forms

from wholeroute.access import policy
from wholeroute.funding.models import Commitment, Envelope, Instrument
from wholeroute.partnerships.solutions import SOLUTION_TYPES


class CommitmentForm(forms.Form):
    envelope = forms.ModelChoiceField(queryset=Envelope.objects.none(), label="Envelope")
    title = forms.CharField(max_length=300, label="What the money is for")
    amount = forms.DecimalField(max_digits=20, decimal_places=2, min_value=0, label="Amount")
    currency = forms.CharField(max_length=3, initial="EUR", label="Currency (ISO 4217)")
    eur_per_unit = forms.DecimalField(max_digits=18, decimal_places=8, required=False, label="Rate used (EUR per unit)",
                                      help_text="Only for other currencies; wholeroute never guesses a rate.")
    rate_date = forms.DateField(required=False, label="Date of the rate", help_text="YYYY-MM-DD")
    rate_source = forms.CharField(max_length=500, required=False, label="Source of the rate")
    committed_on = forms.DateField(label="Commitment date", help_text="YYYY-MM-DD; guidelines in force on this date apply")
    channel = forms.ChoiceField(choices=Commitment.Channel.choices, label="Channel")
    implementer_name = forms.CharField(max_length=300, required=False, label="Implementing organisation")
    purpose_code = forms.CharField(max_length=5, required=False, label="DAC purpose code",
                                   help_text="e.g. 15190 facilitation of orderly, safe, regular migration")
    migration_marker = forms.ChoiceField(choices=Commitment.Marker.choices, required=False, label="Migration marker")
    oda_eligible = forms.ChoiceField(choices=Commitment.Oda.choices, initial=Commitment.Oda.UNKNOWN,
                                     label="ODA-eligible")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["envelope"].queryset = policy.visible(Envelope.objects.select_related("instrument"), user)


class CheckForm(forms.Form):
    instrument = forms.ModelChoiceField(queryset=Instrument.objects.none(), label="Instrument", to_field_name="slug")
    solution_types = forms.MultipleChoiceField(choices=[(c, n) for c, n, _ in SOLUTION_TYPES], label="Solution types",
                                               widget=forms.CheckboxSelectMultiple)
    on_date = forms.DateField(label="Planned commitment date", help_text="YYYY-MM-DD")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = policy.visible(Instrument.objects.all(), user)
