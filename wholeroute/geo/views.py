from django.shortcuts import get_object_or_404, render

from wholeroute.geo.models import Country, Route, RouteCountry
from wholeroute.reports import fiche


def countries(request):
    return render(request, "geo/countries.html", {"countries": Country.objects.countries()})


def country(request, code):
    obj = get_object_or_404(Country, code=code.upper())
    sections = fiche.collect("country", request.user, obj)
    return render(request, "geo/country.html", {
        "country": obj,
        "memberships": obj.grouping_memberships.select_related("grouping"),
        "route_roles": obj.route_roles.select_related("route"),
        "sections": sections,
        "page_classification": fiche.highest_classification(sections),
    })


def routes(request):
    return render(request, "geo/routes.html", {"routes": Route.objects.all()})


def route(request, slug):
    obj = get_object_or_404(Route, slug=slug)
    by_role = [
        (label, [rc for rc in obj.route_countries.select_related("country") if rc.role == role])
        for role, label in [(r, RouteCountry.Role(r).label) for r in RouteCountry.ROLE_ORDER]
    ]
    sections = fiche.collect("route", request.user, obj)
    return render(request, "geo/route.html", {
        "route": obj, "by_role": by_role, "sections": sections,
        "page_classification": fiche.highest_classification(sections),
    })
