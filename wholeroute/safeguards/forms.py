from django import forms

from wholeroute.safeguards.models import Allegation, MonitoringArrangement, Obligation


class MonitoringForm(forms.ModelForm):
    class Meta:
        model = MonitoringArrangement
        fields = ["body_name", "independence_basis", "access_places", "access_documents", "reporting_every_days"]
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in ["independence_basis", "access_places", "access_documents"]}


class AllegationForm(forms.ModelForm):
    rights = forms.ModelMultipleChoiceField(queryset=Obligation.objects.none(), label="Rights concerned",
                                            widget=forms.SelectMultiple(attrs={"size": 8}))

    class Meta:
        model = Allegation
        fields = ["received_on", "source_kind", "severity", "rights", "summary", "country", "route"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"}), "summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"summary": "No names, identity-document numbers, phone numbers, e-mail addresses or dates of "
                                 "birth: describe what happened in institutional terms."}

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rights"].queryset = Obligation.objects.filter(applies_to_all=True)
        if partnership is not None:
            self.fields["country"].queryset = partnership.countries.all()
            self.fields["route"].queryset = partnership.routes.all()
