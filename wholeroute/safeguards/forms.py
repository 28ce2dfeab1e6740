"""Forms of the safeguards pages. They validate input; the actions decide and write."""

from django import forms

from wholeroute.access.models import Organisation
from wholeroute.safeguards.models import Allegation, MonitoringArrangement, Obligation, Risk, SuspensionRule
from wholeroute.safeguards.personal_data import find_personal_data

DATE = {"type": "date"}


class MonitoringForm(forms.ModelForm):
    class Meta:
        model = MonitoringArrangement
        fields = ["body_name", "body", "independence_basis", "access_places", "access_documents",
                  "reporting_every_days", "started_on"]
        labels = {"body": "Monitoring body as an organisation (optional)"}
        widgets = {**{f: forms.Textarea(attrs={"rows": 2})
                      for f in ["independence_basis", "access_places", "access_documents"]},
                   "started_on": forms.DateInput(attrs=DATE)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Organisation.objects.filter(withdrawn_at__isnull=True)


class MonitoringReportForm(forms.Form):
    received_on = forms.DateField(label="Report received on", widget=forms.DateInput(attrs=DATE))


class AnswerForm(forms.Form):
    risk = forms.ChoiceField(label="Risk", choices=[("", "Choose the risk level")] + [
        (v, label) for v, label in Risk.choices if v != Risk.NOT_ASSESSED])
    evidence = forms.CharField(label="Evidence", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_url = forms.URLField(label="Evidence link", required=False, max_length=500, assume_scheme="https")
    mitigation = forms.CharField(label="Mitigation", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.ModelChoiceField(label="Responsible organisation", required=False,
                                         queryset=Organisation.objects.filter(withdrawn_at__isnull=True))


class AllegationForm(forms.ModelForm):
    rights = forms.ModelMultipleChoiceField(queryset=Obligation.objects.none(), label="Rights concerned",
                                            widget=forms.SelectMultiple(attrs={"size": 8}))

    class Meta:
        model = Allegation
        fields = ["received_on", "source_kind", "severity", "rights", "summary", "country", "route"]
        widgets = {"received_on": forms.DateInput(attrs=DATE), "summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"summary": "No names, identity-document numbers, phone numbers, e-mail addresses or dates of "
                                 "birth: describe what happened in institutional terms."}

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rights"].queryset = Obligation.objects.filter(applies_to_all=True)
        if partnership is not None:
            self.fields["country"].queryset = partnership.countries.all()
            self.fields["route"].queryset = partnership.routes.all()

    def clean_summary(self):
        summary = self.cleaned_data["summary"]
        found = find_personal_data(summary)
        if found:
            raise forms.ValidationError("The register holds no personal data. Remove " + ", ".join(found) + ".")
        return summary


class AllegationStatusForm(forms.Form):
    status = forms.ChoiceField(label="New status", choices=Allegation.Status.choices)
    outcome = forms.CharField(label="Outcome (needed when closing)", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    follow_up = forms.CharField(label="Follow-up", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ObligationForm(forms.ModelForm):
    source = forms.URLField(label="Source (page where the content was read)", max_length=500, assume_scheme="https")
    official_text = forms.URLField(label="Official text", required=False, max_length=500, assume_scheme="https")
    reason = forms.CharField(label="Why does the item change?", widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Obligation
        fields = ["title", "article", "summary", "guidance", "source", "official_text", "uncertain", "note",
                  "applies_to_all", "checked_on", "applies_from"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "guidance": forms.Textarea(attrs={"rows": 3}),
                   "note": forms.Textarea(attrs={"rows": 2}), "checked_on": forms.DateInput(attrs=DATE),
                   "applies_from": forms.DateInput(attrs=DATE)}


class DeadlineForm(forms.Form):
    acknowledgement_days = forms.IntegerField(label="Working days to acknowledge an allegation", min_value=1,
                                              max_value=60)
    decision_days = forms.IntegerField(label="Working days to decide on an allegation", min_value=1, max_value=250)


class ThresholdRuleForm(forms.Form):
    indicator = forms.ModelChoiceField(label="Result indicator", queryset=None)
    comparison = forms.ChoiceField(label="Fires when the latest value", choices=SuspensionRule.Comparison.choices)
    threshold = forms.FloatField(label="Threshold")
    description = forms.CharField(label="What the rule protects", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = partnership.indicators.filter(withdrawn_at__isnull=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}))


class ReviewScheduleForm(forms.Form):
    due_on = forms.DateField(label="Next review on", widget=forms.DateInput(attrs=DATE))


class ReviewCompleteForm(forms.Form):
    note = forms.CharField(label="What the review found", widget=forms.Textarea(attrs={"rows": 3}))
