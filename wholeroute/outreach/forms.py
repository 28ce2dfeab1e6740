"""Forms of the outreach pages. Validation of state changes stays in `actions`; forms label and parse input."""

from django import forms

from wholeroute.access.models import Classification, Organisation
from wholeroute.geo.models import Country
from wholeroute.outreach.eventdates import DATE_HELP
from wholeroute.outreach.models import Endorsement, Event, JointMessage, Process
from wholeroute.partnerships.models import Partnership, SolutionType


def _countries():
    return Country.objects.countries()


def _owner_field(user, kinds=None, label="On behalf of"):
    from wholeroute.access import policy
    from wholeroute.access.models import Role

    orgs = Organisation.objects.filter(pk__in=policy.organisations_with_role(user, Role.EDITOR))
    if kinds:
        orgs = orgs.filter(kind__in=kinds)
    return forms.ModelChoiceField(label=label, queryset=orgs, initial=orgs.first())


class EventForm(forms.Form):
    title = forms.CharField(max_length=400)
    kind = forms.ChoiceField(choices=Event.Kind.choices)
    start_text = forms.CharField(label="Start date", required=False, help_text=DATE_HELP + "; empty if not known")
    end_text = forms.CharField(label="End date", required=False, help_text="only for an event over several days, "
                                                                           "months or years")
    place = forms.CharField(max_length=200, required=False)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    countries = forms.ModelMultipleChoiceField(queryset=Country.objects.none(), required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 6}))
    processes = forms.ModelMultipleChoiceField(queryset=Process.objects.none(), required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 6}))
    organisations = forms.ModelMultipleChoiceField(label="Participating organisations", required=False,
                                                   queryset=Organisation.objects.filter(withdrawn_at__isnull=True),
                                                   widget=forms.SelectMultiple(attrs={"size": 6}))
    partnerships = forms.ModelMultipleChoiceField(label="Linked partnerships", queryset=Partnership.objects.none(),
                                                  required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    agenda = forms.CharField(label="Agenda items", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="one item a line")
    classification = forms.ChoiceField(choices=Classification.choices, initial=Classification.LIMITED)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _owner_field(user)
        self.order_fields(["owner"])
        self.fields["countries"].queryset = _countries()
        self.fields["processes"].queryset = Process.objects.visible_to(user)
        self.fields["partnerships"].queryset = Partnership.objects.visible_to(user)


class MessageForm(forms.Form):
    topic = forms.CharField(max_length=300)
    text = forms.CharField(label="Text of the message", widget=forms.Textarea(attrs={"rows": 8}))
    countries = forms.ModelMultipleChoiceField(queryset=Country.objects.none(), required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 6}),
                                               help_text="the countries the message is for (or choose a process)")
    processes = forms.ModelMultipleChoiceField(queryset=Process.objects.none(), required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 6}))
    solution_types = forms.ModelMultipleChoiceField(queryset=SolutionType.objects.all(), required=False,
                                                    widget=forms.SelectMultiple(attrs={"size": 6}))
    partnerships = forms.ModelMultipleChoiceField(label="Linked partnerships", queryset=Partnership.objects.none(),
                                                  required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    events = forms.ModelMultipleChoiceField(label="Linked events", queryset=Event.objects.none(), required=False,
                                            widget=forms.SelectMultiple(attrs={"size": 6}))
    valid_until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text="after this date the line is shown as no longer current")
    classification = forms.ChoiceField(choices=Classification.choices, initial=Classification.LIMITED)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _owner_field(user, kinds=[Organisation.Kind.COMMISSION, Organisation.Kind.EEAS],
                                            label="Owner (Commission service or EEAS)")
        self.order_fields(["owner"])
        self.fields["countries"].queryset = _countries()
        self.fields["processes"].queryset = Process.objects.visible_to(user)
        self.fields["partnerships"].queryset = Partnership.objects.visible_to(user)
        self.fields["events"].queryset = Event.objects.visible_to(user)


class ReviseForm(forms.Form):
    text = forms.CharField(label="Revised text", widget=forms.Textarea(attrs={"rows": 8}))
    change_note = forms.CharField(label="What changed and why", max_length=500, required=False)


class ConsultationForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations asked to endorse", widget=forms.SelectMultiple(attrs={"size": 8}),
        queryset=Organisation.objects.filter(withdrawn_at__isnull=True, participating=True))
    deadline = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="Note to the organisations", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, message=None, **kwargs):
        super().__init__(*args, **kwargs)
        if message is not None:
            self.fields["organisations"].queryset = self.fields["organisations"].queryset.exclude(pk=message.owner_id)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=Endorsement.Answer.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="Comments or reasons", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="needed when you endorse with comments or object")


class AdoptForm(forms.Form):
    reason = forms.CharField(label="Note on adoption", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="needed when an organisation objected to this version")


class OutreachEntryForm(forms.Form):
    message = forms.ModelChoiceField(label="Joint message raised", queryset=JointMessage.objects.none())
    country = forms.ModelChoiceField(label="Partner country", queryset=Country.objects.none())
    interlocutor = forms.CharField(
        max_length=300, help_text="The institution or the official's function only, e.g. “Ministry of Interior, "
                                  "Director-General for Migration”. Do not record private persons' names or "
                                  "contact details.")
    raised_on = forms.DateField(label="Raised on", widget=forms.DateInput(attrs={"type": "date"}))
    event = forms.ModelChoiceField(label="At the event", queryset=Event.objects.none(), required=False)
    response = forms.CharField(label="Response", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="the interlocutor's response, in institutional terms")
    classification = forms.ChoiceField(choices=Classification.choices, initial=Classification.LIMITED)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _owner_field(user, label="Raised by (your organisation)")
        self.order_fields(["owner"])
        self.fields["message"].queryset = JointMessage.objects.visible_to(user)
        self.fields["country"].queryset = _countries()
        self.fields["event"].queryset = Event.objects.visible_to(user).order_by("-start")
