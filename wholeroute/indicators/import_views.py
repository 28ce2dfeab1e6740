"""The import page for administrators: upload a statistics file, follow its background import, read every error."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from wholeroute.indicators import actions
from wholeroute.indicators.models import ImportRun
from wholeroute.indicators.parsers import modules


class ImportForm(forms.Form):
    file = forms.FileField(label="Statistics file", help_text="CSV, TSV (plain or .gz) or XLSX as published.")
    format = forms.ChoiceField(label="Format", required=False,
                               choices=[("", "Detect from the file's header")] + [
                                   (f, f"{f} — {m.DESCRIPTION}") for f, m in sorted(modules().items())])
    vintage = forms.CharField(label="Vintage (publisher's date, YYYY-MM-DD)", required=False, max_length=10,
                              help_text="Only when the file does not state it.")


def _require_importer(request):
    if not actions.can_import(request.user):
        raise PermissionDenied


def imports(request):
    _require_importer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = actions.queue_import(request.user, form.cleaned_data["file"], fmt=form.cleaned_data["format"] or None,
                                       vintage=form.cleaned_data["vintage"] or None)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return redirect("indicators:import_run", pk=run.pk)
    return render(request, "indicators/imports.html", {
        "form": form, "runs": ImportRun.objects.select_related("started_by").order_by("-started_at")[:30]})


def import_run(request, pk):
    _require_importer(request)
    run = get_object_or_404(ImportRun.objects.select_related("retry_of"), pk=pk)
    return render(request, "indicators/import_run.html", {
        "run": run, "pending": run.status in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING),
        "can_retry": actions.can_retry(run), "retries": run.retries.order_by("started_at")})


@require_POST
def retry(request, pk):
    _require_importer(request)
    run = get_object_or_404(ImportRun, pk=pk)
    try:
        again = actions.retry_import(request.user, run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("indicators:import_run", pk=run.pk)
    return redirect("indicators:import_run", pk=again.pk)
