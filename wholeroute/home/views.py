from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wholeroute.access.models import Organisation
from wholeroute.geo.models import Country, Route
from wholeroute.indicators.models import Dataset, Observation
from wholeroute.partnerships.models import Partnership
from wholeroute.reports import fiche
from wholeroute.reports.fiche import highest_classification


def index(request):
    user = request.user
    counts = [
        ("Partnerships you can see", Partnership.objects.visible_to(user).count()),
        ("Countries and territories", Country.objects.countries().count()),
        ("Routes", Route.objects.count()),
        ("Organisations", Organisation.objects.filter(withdrawn_at__isnull=True).count()),
        ("Statistical datasets", Dataset.objects.visible_to(user).count()),
        ("Statistical observations", Observation.objects.count()),
    ]
    sections = fiche.collect("home", user)
    return render(request, "home/index.html", {
        "counts": counts, "sections": sections, "routes": Route.objects.all(),
        "page_classification": highest_classification(sections),
    })


def about(request):
    return render(request, "home/about.html")


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception as exc:  # report, never raise: a health check must answer
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": database, "vendor": connection.vendor})


def forbidden(request, exception=None):
    return render(request, "home/error.html", {"title": "You may not see this", "message": str(exception or "")}, status=403)


def not_found(request, exception=None):
    return render(request, "home/error.html", {"title": "Page not found",
                                               "message": "There is no page at this address, or you may not see it."},
                  status=404)
