"""Every page and every API operation, discovered from the URL configuration and the OpenAPI schema, requested
by every kind of user on PUBLIC, LIMITED and SENSITIVE records: nothing may leak, nothing may crash.

A new URL pattern or API operation fails `test_every_route_has_an_access_case` until it gets a case here, so
no page can escape the check. A record leaks when its canary text appears in a response to someone
`policy.can_view` refuses, or when its own page answers them with 200.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver

from wholeroute.access import policy
from wholeroute.access.models import Classification
from wholeroute.api.site import api

CLASSIFICATIONS = [Classification.PUBLIC, Classification.LIMITED, Classification.SENSITIVE]
USERS = ["anonymous", "bob", "vera", "alice", "erin", "ivan"]


def canary(kind, classification):
    return f"CANARY{kind.upper()}{classification}"


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
        else:
            module = getattr(p.callback, "__module__", "")
            if module.startswith("wholeroute"):
                yield f"{namespace}:{p.name}", prefix + str(p.pattern)


def discovered_pages():
    return dict(_walk(get_resolver().url_patterns))


def discovered_operations():
    return [(method.upper(), path) for path, ops in api.get_openapi_schema()["paths"].items() for method in ops]


class World:
    """Per classification: a partnership, its safeguards records, a document, a result, a dataset."""

    def __init__(self, ministry, alice, erin, geography):
        from wholeroute.actors import seed as actors_seed
        from wholeroute.actors.actions import create_offer
        from wholeroute.actors.models import Function
        from wholeroute.geo.models import Country
        from wholeroute.indicators.models import Dataset, ImportRun, Observation, Series, Source
        from wholeroute.partnerships import actions as pa
        from wholeroute.safeguards import actions as sa
        from wholeroute.safeguards import seed as safeguards_seed
        from wholeroute.safeguards.models import Obligation, SuspensionProposal, SuspensionRule

        safeguards_seed.run(demo=False, stdout=None)
        actors_seed.run(demo=False)
        tunisia = Country.objects.get(code="TN")
        source = Source.objects.create(code="canary", publisher="Test publisher")
        rule, _ = SuspensionRule.objects.get_or_create(code="canary-rule", defaults={
            "kind": SuspensionRule.Kind.SUBSTANTIATED_ALLEGATION, "description": "A test rule"})
        run = ImportRun.objects.create(file_name="canary.csv", sha256="0" * 64, format="test", status="succeeded")
        self.run = run
        self.records = {}
        for c in CLASSIFICATIONS:
            p = pa.create_partnership(alice, owner=ministry, title=canary("partnership", c), classification=c,
                                      countries=[tunisia], lead_organisation=ministry, scoping_note="Scoped")
            request = pa.request_transition(alice, p, to_phase="design", reason="ready")
            document = pa.add_document(alice, p, title=canary("document", c), classification=c,
                                       upload=SimpleUploadedFile("note.txt", b"text"))
            indicator = pa.define_indicator(alice, p, name=canary("indicator", c), unit="people", measure="count")
            value = pa.report_value(alice, indicator, period="2025", value=10)
            assessment = sa.start_assessment(alice, p)
            allegation = sa.record_allegation(
                alice, p, received_on=datetime.date(2026, 11, 2), source_kind="ngo", severity="low",
                summary=canary("allegation", c), rights=[Obligation.objects.get(code="cfr-art-18")], classification=c)
            proposal = SuspensionProposal.objects.create(
                partnership=p, rule=rule, allegation=allegation, evidence=canary("proposal", c))
            offer = create_offer(alice, owner=ministry, function=Function.objects.first(), phase="design",
                                 expertise=canary("offer", c), classification=c)
            dataset = Dataset.objects.create(source=source, code=canary("dataset", c).lower(), title=canary("dataset", c),
                                             frequency="A", owner=ministry, classification=c)
            series = Series.objects.create(dataset=dataset, key=canary("series", c))
            Observation.objects.create(series=series, period="2025", period_start=datetime.date(2025, 1, 1), value=1,
                                       import_run=run)
            self.records[c] = {
                "partnership": p, "request": request, "document": document, "version": document.versions.first(),
                "indicator": indicator, "value": value, "assessment": assessment, "allegation": allegation,
                "proposal": proposal, "offer": offer, "dataset": dataset, "series": series,
            }
        self.obligation = Obligation.objects.get(code="cfr-art-18")
        self.rule = rule
        self._outreach(ministry, alice, tunisia)
        self._funding(ministry, alice)
        self._forecasts(ministry, alice)

    def _forecasts(self, ministry, alice):
        from wholeroute.forecasts import seed as forecasts_seed
        from wholeroute.forecasts.models import (
            Alert,
            AlertRule,
            Forecast,
            ForecastPoint,
            ForecastRun,
            Subscription,
        )
        from wholeroute.geo.models import Route

        forecasts_seed.run()
        self.forecast_run = ForecastRun.objects.create(status=ForecastRun.Status.SUCCEEDED)
        route = Route.objects.get(slug="central-mediterranean")
        self.subscription = Subscription.objects.create(user=alice, route=route)
        for c in CLASSIFICATIONS:
            r = self.records[c]
            forecast = Forecast.objects.create(
                run=self.forecast_run, dataset=r["dataset"], series=r["series"], target=f"canary|{c}",
                label=canary("forecast", c), model="Naive", category="short", train_start=datetime.date(2025, 1, 1),
                train_end=datetime.date(2025, 1, 1), owner=ministry, classification=c)
            ForecastPoint.objects.create(forecast=forecast, period_start=datetime.date(2025, 2, 1), mean=1, lo80=1,
                                         hi80=1, lo95=1, hi95=1)
            r["forecast"] = forecast
            r["alert"] = Alert.objects.create(
                rule=AlertRule.objects.get(code="outside-95"), dataset=r["dataset"], forecast=forecast,
                target=f"canary|{c}", label=canary("alert", c), message=canary("alertmessage", c), route=route,
                period_start=datetime.date(2025, 2, 1), owner=ministry, classification=c)

    def _funding(self, ministry, alice):
        from wholeroute.access import seed as access_seed
        from wholeroute.funding import actions as fa
        from wholeroute.funding import seed as funding_seed
        from wholeroute.funding.models import Commitment, Envelope, FundedAction

        access_seed.run(demo=False)
        funding_seed.run(demo=False, stdout=None, eutf=False)
        self.envelope = Envelope.objects.order_by("pk").first()
        self.instrument = self.envelope.instrument
        for c in CLASSIFICATIONS:
            r = self.records[c]
            r["commitment"] = fa.record_commitment(
                alice, envelope=self.envelope, title=canary("commitment", c), amount="1000",
                committed_on=datetime.date(2026, 1, 15), channel=Commitment.Channel.values[0],
                partnership=r["partnership"], owner=ministry, classification=c)
            r["action"] = FundedAction.objects.create(
                owner=ministry, classification=c, source=FundedAction.Source.values[0],
                source_key=f"canary-{c}", title=canary("action", c))

    def _outreach(self, ministry, alice, tunisia):
        from wholeroute.access.factories import OrganisationFactory, member
        from wholeroute.access.models import Organisation, Role
        from wholeroute.outreach import actions as oa
        from wholeroute.outreach.models import Event, Process
        from wholeroute.safeguards import actions as sa

        commission = OrganisationFactory(slug="dg-test", name="A Commission service", kind=Organisation.Kind.COMMISSION)
        drafter = member(commission, Role.EDITOR, email="drafter@commission.example")
        public_message = None
        for c in CLASSIFICATIONS:
            r = self.records[c]
            r["monitoring"] = sa.record_monitoring(alice, r["partnership"], body_name="Ombudsperson",
                                                   independence_basis="Constitutional body")
            r["process"] = oa.create_process(alice, owner=ministry, name=canary("process", c),
                                             kind=Process.Kind.BILATERAL_DIALOGUE, classification=c, countries=[tunisia])
            r["event"] = oa.create_event(alice, owner=ministry, title=canary("event", c), kind=Event.Kind.SUMMIT,
                                         start_text="2026-12-10", classification=c, countries=[tunisia])
            r["message"] = oa.draft_message(drafter, owner=commission, topic=canary("message", c), text="Agreed lines",
                                            classification=c, countries=[tunisia])
            consultation = oa.request_endorsement(drafter, r["message"], organisations=[ministry],
                                                  deadline=datetime.date(2026, 12, 20))
            r["endorsement"] = consultation.endorsements.first()
            public_message = public_message or r["message"]
            r["entry"] = oa.log_outreach(alice, owner=ministry, message=public_message, country=tunisia,
                                         interlocutor=canary("entry", c), raised_on=datetime.date(2026, 11, 20),
                                         classification=c)
        record, self.token = oa.issue_calendar_token(alice)
        oa.revoke_calendar_token(alice, record)

    def guarded(self, c, kind):
        """The record whose visibility governs a page about `kind` (children follow their parent)."""
        r = self.records[c]
        return {"request": r["partnership"], "version": r["document"], "indicator": r["partnership"],
                "value": r["partnership"], "proposal": r["partnership"], "series": r["dataset"],
                "endorsement": r["message"]}.get(kind, r.get(kind))


def _pk(kind):
    return lambda w, c: {"pk": w.records[c][kind].pk}


def _reports_pack(w, c):
    """A background pack of the classification's event requested by alice (made on first use)."""
    from wholeroute.reports.models import Pack

    r = w.records[c]
    if "pack" not in r:
        r["pack"] = Pack.objects.create(kind="event", key=str(r["event"].pk), format="html", classification=c,
                                        requested_by=r["partnership"].created_by, owner=r["partnership"].owner,
                                        title=canary("pack", c), status=Pack.Status.FAILED, error="test")
    return r["pack"]


# URL name → how to fill its arguments for the records of one classification (None: the page takes none).
PAGE_CASES = {
    "geo:countries": None, "geo:country": lambda w, c: {"code": "TN"}, "geo:routes": None,
    "geo:route": lambda w, c: {"slug": "central-mediterranean"},
    "actors:mandates": None, "actors:mandate": lambda w, c: {"code": "frontex"}, "actors:gaps": None,
    "actors:partnership_gaps": _pk("partnership"), "actors:offers": None, "actors:withdraw_offer": _pk("offer"),
    "partnerships:list": None, "partnerships:create": None, "partnerships:detail": _pk("partnership"),
    "partnerships:edit": _pk("partnership"), "partnerships:lifecycle": _pk("partnership"),
    "partnerships:request_transition": _pk("partnership"), "partnerships:suspend": _pk("partnership"),
    "partnerships:resume": _pk("partnership"), "partnerships:close": _pk("partnership"),
    "partnerships:approve_transition": _pk("request"), "partnerships:reject_transition": _pk("request"),
    "partnerships:roles": _pk("partnership"), "partnerships:documents": _pk("partnership"),
    "partnerships:document": _pk("document"), "partnerships:download": _pk("version"),
    "partnerships:results": _pk("partnership"), "partnerships:define_indicator": _pk("partnership"),
    "partnerships:report_value": _pk("indicator"), "partnerships:verify_value": _pk("value"),
    "partnerships:dispute_value": _pk("value"), "partnerships:unlock_value": _pk("value"),
    "safeguards:overview": None, "safeguards:export": lambda w, c: {"fmt": "csv"},
    "safeguards:partnership": _pk("partnership"), "safeguards:start_assessment": _pk("partnership"),
    "safeguards:add_monitoring": _pk("partnership"), "safeguards:new_allegation": _pk("partnership"),
    "safeguards:assessment": _pk("assessment"),
    "safeguards:answer": lambda w, c: {"pk": w.records[c]["assessment"].pk, "obligation_pk": w.obligation.pk},
    "safeguards:submit": _pk("assessment"), "safeguards:approve": _pk("assessment"),
    "safeguards:return": _pk("assessment"), "safeguards:allegations": None, "safeguards:allegation": _pk("allegation"),
    "safeguards:accept_proposal": _pk("proposal"), "safeguards:reject_proposal": _pk("proposal"),
    "indicators:datasets": None, "indicators:series": _pk("series"), "indicators:derived_list": None,
    "indicators:imports": None, "indicators:import_run": lambda w, c: {"pk": w.run.pk},
    "indicators:import_retry": lambda w, c: {"pk": w.run.pk},
    "indicators:derived": lambda w, c: {"code": "dead-missing-per-1000-detections"},
    "reports:pack": lambda w, c: {"kind": "event", "key": w.records[c]["event"].pk, "fmt": "html"},
    "reports:route_dashboard": lambda w, c: {"slug": "central-mediterranean"}, "reports:packs": None,
    "reports:pack_detail": lambda w, c: {"pk": _reports_pack(w, c).pk},
    "reports:pack_download": lambda w, c: {"pk": _reports_pack(w, c).pk},
    "reports:pack_regenerate": lambda w, c: {"pk": _reports_pack(w, c).pk},
    "reports:pack_retry": lambda w, c: {"pk": _reports_pack(w, c).pk},
    "outreach:by_country": lambda w, c: {"code": "TN"}, "outreach:by_route": lambda w, c: {"slug": "central-mediterranean"},
    "outreach:calendar": None, "outreach:coverage": lambda w, c: {"code": "readmission"},
    "outreach:endorsement_answer": _pk("endorsement"), "outreach:event": _pk("event"), "outreach:event_create": None,
    "outreach:feed_issue": None, "outreach:feed_revoke": None, "outreach:feeds": None,
    "outreach:lines": lambda w, c: {"code": "TN"}, "outreach:lines_index": None, "outreach:log": None,
    "outreach:log_create": None, "outreach:message": _pk("message"), "outreach:message_adopt": _pk("message"),
    "outreach:message_consult": _pk("message"), "outreach:message_create": None, "outreach:message_revise": _pk("message"),
    "outreach:messages": None, "outreach:month": lambda w, c: {"year": 2026, "month": 12},
    "outreach:private_feed": lambda w, c: {"token": w.token},  # revoked: refused for everyone
    "outreach:process": lambda w, c: {"slug": w.records[c]["process"].pk}, "outreach:processes": None,
    "outreach:public_feed": None,
    "safeguards:checklist": None, "safeguards:deadlines": None, "safeguards:obligation": lambda w, c: {"code": "cfr-art-18"},
    "safeguards:compare": lambda w, c: {"pk": w.records[c]["assessment"].pk, "other_pk": w.records[c]["assessment"].pk},
    "safeguards:complete_review": _pk("partnership"), "safeguards:define_rule": _pk("partnership"),
    "safeguards:schedule_review": _pk("partnership"), "safeguards:monitoring_report": _pk("monitoring"),
    "safeguards:rule_active": lambda w, c: {"pk": w.rule.pk},
    "funding:overview": None, "funding:export": lambda w, c: {"fmt": "csv"}, "funding:iati": None,
    "funding:instrument": lambda w, c: {"slug": w.instrument.slug}, "funding:envelope": lambda w, c: {"pk": w.envelope.pk},
    "funding:country": lambda w, c: {"code": "TN"}, "funding:route": lambda w, c: {"slug": "central-mediterranean"},
    "funding:partnership": _pk("partnership"), "funding:record_commitment": _pk("partnership"),
    "funding:export_partnership": lambda w, c: {"pk": w.records[c]["partnership"].pk, "fmt": "csv"},
    "funding:approve": _pk("commitment"), "funding:reject": _pk("commitment"), "funding:guidelines": None,
    "funding:check": None, "funding:tracker": None, "funding:actions": None, "funding:action": _pk("action"),
    "indicators:dataset": lambda w, c: {"code": w.records[c]["dataset"].code},
    "home:index": None, "home:about": None, "home:healthz": None,
    "forecasts:index": None, "forecasts:detail": _pk("forecast"), "forecasts:run": None,
    "forecasts:run_status": lambda w, c: {"pk": w.forecast_run.pk}, "forecasts:alerts": None,
    "forecasts:alert": _pk("alert"), "forecasts:acknowledge": _pk("alert"), "forecasts:close": _pk("alert"),
    "forecasts:subscriptions": None, "forecasts:unsubscribe": lambda w, c: {"pk": w.subscription.pk},
    "forecasts:accuracy": None,
}
# Which record governs access to a page with arguments (pages about reference data have none).
GOVERNED_BY = {name: re.sub(r"^.*:(.*)$", r"\1", name) for name in PAGE_CASES}
PAGE_RECORD = {
    "actors:partnership_gaps": "partnership", "actors:withdraw_offer": "offer",
    **{n: "partnership" for n in PAGE_CASES if n.startswith("partnerships:") and PAGE_CASES[n] is not None},
    "partnerships:approve_transition": "request", "partnerships:reject_transition": "request",
    "partnerships:document": "document", "partnerships:download": "version", "partnerships:report_value": "indicator",
    "partnerships:verify_value": "value", "partnerships:dispute_value": "value", "partnerships:unlock_value": "value",
    "safeguards:partnership": "partnership", "safeguards:start_assessment": "partnership",
    "safeguards:add_monitoring": "partnership", "safeguards:new_allegation": "partnership",
    "safeguards:assessment": "assessment", "safeguards:answer": "assessment", "safeguards:submit": "assessment",
    "safeguards:approve": "assessment", "safeguards:return": "assessment", "safeguards:allegation": "allegation",
    "safeguards:accept_proposal": "proposal", "safeguards:reject_proposal": "proposal",
    "indicators:series": "series", "indicators:dataset": "dataset",
    "outreach:endorsement_answer": "endorsement", "outreach:event": "event", "outreach:message": "message",
    "outreach:message_adopt": "message", "outreach:message_consult": "message", "outreach:message_revise": "message",
    "outreach:process": "process", "safeguards:compare": "assessment", "safeguards:complete_review": "partnership",
    "safeguards:define_rule": "partnership", "safeguards:schedule_review": "partnership",
    "safeguards:monitoring_report": "monitoring",
    "funding:partnership": "partnership", "funding:record_commitment": "partnership",
    "funding:export_partnership": "partnership", "funding:approve": "commitment", "funding:reject": "commitment",
    "funding:action": "action",
    "forecasts:detail": "forecast", "forecasts:alert": "alert", "forecasts:acknowledge": "alert",
    "forecasts:close": "alert",
    "reports:pack": "event", "reports:pack_detail": "pack", "reports:pack_download": "pack",
    "reports:pack_regenerate": "pack", "reports:pack_retry": "pack",
}

API_CASES = {
    ("GET", "/api/geo/countries"): None, ("GET", "/api/geo/countries/{code}"): lambda w, c: {"code": "TN"},
    ("GET", "/api/geo/routes"): None, ("GET", "/api/geo/groupings"): None, ("GET", "/api/geo/resolve"): None,
    ("GET", "/api/geo/countries/{code}/membership"): lambda w, c: {"code": "TN"}, ("GET", "/api/geo/routes/{slug}"): lambda w, c: {"slug": "eastern-borders"},
    ("GET", "/api/actors/mandates"): None, ("GET", "/api/actors/mandates/{code}"): lambda w, c: {"code": "frontex"},
    ("GET", "/api/actors/gaps"): None, ("GET", "/api/partnerships/"): None, ("POST", "/api/partnerships/"): None,
    ("GET", "/api/partnerships/{pk}"): _pk("partnership"), ("PATCH", "/api/partnerships/{pk}"): _pk("partnership"),
    ("POST", "/api/partnerships/{pk}/transitions"): _pk("partnership"),
    ("POST", "/api/partnerships/transitions/{pk}/approve"): _pk("request"),
    ("POST", "/api/partnerships/transitions/{pk}/reject"): _pk("request"),
    ("GET", "/api/partnerships/{pk}/roles"): _pk("partnership"), ("POST", "/api/partnerships/{pk}/roles"): _pk("partnership"),
    ("GET", "/api/partnerships/{pk}/indicators"): _pk("partnership"),
    ("POST", "/api/partnerships/{pk}/indicators"): _pk("partnership"),
    ("POST", "/api/partnerships/indicators/{pk}/values"): _pk("indicator"),
    ("GET", "/api/safeguards/status"): None, ("GET", "/api/safeguards/allegations"): None,
    ("POST", "/api/safeguards/partnerships/{partnership_id}/allegations"):
        lambda w, c: {"partnership_id": w.records[c]["partnership"].pk},
    ("GET", "/api/outreach/events"): None, ("GET", "/api/outreach/log"): None, ("GET", "/api/outreach/messages"): None,
    ("GET", "/api/outreach/processes"): None, ("POST", "/api/outreach/log"): None, ("POST", "/api/outreach/messages"): None,
    ("GET", "/api/outreach/events/{event_id}"): lambda w, c: {"event_id": w.records[c]["event"].pk},
    ("GET", "/api/outreach/lines/{country_code}"): lambda w, c: {"country_code": "TN"},
    ("GET", "/api/outreach/messages/{message_id}"): lambda w, c: {"message_id": w.records[c]["message"].pk},
    ("GET", "/api/outreach/not-approached/{solution_type}"): lambda w, c: {"solution_type": "readmission"},
    ("GET", "/api/outreach/processes/{ref}"): lambda w, c: {"ref": w.records[c]["process"].pk},
    ("POST", "/api/outreach/endorsements/{endorsement_id}/answer"):
        lambda w, c: {"endorsement_id": w.records[c]["endorsement"].pk},
    ("POST", "/api/outreach/messages/{message_id}/adopt"): lambda w, c: {"message_id": w.records[c]["message"].pk},
    ("POST", "/api/outreach/messages/{message_id}/consultations"):
        lambda w, c: {"message_id": w.records[c]["message"].pk},
    ("POST", "/api/outreach/messages/{message_id}/versions"): lambda w, c: {"message_id": w.records[c]["message"].pk},
    ("GET", "/api/safeguards/checklist"): None, ("GET", "/api/safeguards/checklist/{code}"): lambda w, c: {"code": "cfr-art-18"},
    ("GET", "/api/safeguards/allegations/{allegation_id}"): lambda w, c: {"allegation_id": w.records[c]["allegation"].pk},
    ("GET", "/api/safeguards/assessments/{assessment_id}"): lambda w, c: {"assessment_id": w.records[c]["assessment"].pk},
    ("GET", "/api/safeguards/partnerships/{partnership_id}"):
        lambda w, c: {"partnership_id": w.records[c]["partnership"].pk},
    ("POST", "/api/safeguards/allegations/{allegation_id}/status"):
        lambda w, c: {"allegation_id": w.records[c]["allegation"].pk},
    ("POST", "/api/safeguards/assessments/{assessment_id}/decision"):
        lambda w, c: {"assessment_id": w.records[c]["assessment"].pk},
    ("POST", "/api/safeguards/proposals/{proposal_id}/decision"): lambda w, c: {"proposal_id": w.records[c]["proposal"].pk},
    ("GET", "/api/funding/actions"): None, ("GET", "/api/funding/check"): None, ("GET", "/api/funding/commitments"): None,
    ("GET", "/api/funding/envelopes"): None, ("GET", "/api/funding/instruments"): None, ("GET", "/api/funding/rules"): None,
    ("POST", "/api/funding/commitments"): None,
    ("GET", "/api/funding/actions/{action_id}"): lambda w, c: {"action_id": w.records[c]["action"].pk},
    ("GET", "/api/funding/commitments/{commitment_id}"): lambda w, c: {"commitment_id": w.records[c]["commitment"].pk},
    ("POST", "/api/funding/commitments/{commitment_id}/approve"):
        lambda w, c: {"commitment_id": w.records[c]["commitment"].pk},
    ("POST", "/api/funding/commitments/{commitment_id}/reject"):
        lambda w, c: {"commitment_id": w.records[c]["commitment"].pk},
    ("GET", "/api/indicators/datasets"): None, ("GET", "/api/indicators/series"): None,
    ("GET", "/api/indicators/series/{series_id}/observations"): lambda w, c: {"series_id": w.records[c]["series"].pk},
    ("GET", "/api/forecasts/"): None, ("GET", "/api/forecasts/alerts"): None,
    ("GET", "/api/forecasts/{forecast_id}"): lambda w, c: {"forecast_id": w.records[c]["forecast"].pk},
}
PLACEHOLDER_RECORD = {"series_id": "series", "event_id": "event", "message_id": "message",
                      "endorsement_id": "endorsement", "allegation_id": "allegation", "assessment_id": "assessment",
                      "proposal_id": "proposal", "partnership_id": "partnership", "ref": "process",
                      "action_id": "action", "commitment_id": "commitment", "forecast_id": "forecast"}


def _api_record(path):
    if "transitions/" in path:
        return "request"
    if "indicators/{pk}/values" in path:
        return "indicator"
    if "{pk}" in path:
        return "partnership"
    return next((kind for name, kind in PLACEHOLDER_RECORD.items() if "{" + name + "}" in path), None)


API_RECORD = {key: _api_record(key[1]) for key, build in API_CASES.items() if build is not None and _api_record(key[1])}


def test_every_route_has_an_access_case():
    pages = set(discovered_pages())
    assert len(pages) > 40
    assert sorted(pages - set(PAGE_CASES)) == [], "pages without an access case"
    assert sorted(set(discovered_operations()) - set(API_CASES)) == [], "API operations without an access case"


@pytest.fixture
def world(ministry, alice, erin, geography):
    return World(ministry, alice, erin, geography)


@pytest.fixture
def people(alice, erin, ivan, vera, bob):
    return {"anonymous": None, "bob": bob, "vera": vera, "alice": alice, "erin": erin, "ivan": ivan}


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _hidden_canaries(world, user):
    viewer = user or AnonymousUser()
    return [canary(kind, c) for c in CLASSIFICATIONS for kind, record in world.records[c].items()
            if kind in ("partnership", "document", "allegation", "offer", "dataset", "process", "event", "message",
                        "entry", "commitment", "action", "pack")
            and not policy.can_view(viewer, record)]


def _fill(pattern, kwargs):
    url = "/" + pattern
    for key, value in (kwargs or {}).items():
        url = re.sub(rf"<(?:\w+:)?{key}>", str(value), url)
    return url


@pytest.mark.slow
def test_no_page_leaks_a_record_or_fails_for_any_user(world, people):
    pages = discovered_pages()
    checked = 0
    for who, user in people.items():
        client = _client(user)
        hidden = _hidden_canaries(world, user)
        for name, pattern in pages.items():
            for c in CLASSIFICATIONS if PAGE_CASES[name] is not None else [None]:
                url = _fill(pattern, PAGE_CASES[name](world, c) if c else None)
                response = client.get(url)
                checked += 1
                assert response.status_code < 500, f"{who} GET {url}: {response.status_code}"
                body = b"".join(response.streaming_content) if response.streaming else response.content
                leaked = [x for x in hidden if x.encode() in body]
                assert leaked == [], f"{who} GET {url} shows {leaked}"
                record_kind = PAGE_RECORD.get(name)
                if record_kind and c is not None:
                    record = world.guarded(c, record_kind)
                    if not policy.can_view(user or AnonymousUser(), record):
                        assert response.status_code in (302, 403, 404, 405), f"{who} GET {url}: {response.status_code}"
    assert checked > 6 * 100


@pytest.mark.slow
def test_no_api_operation_leaks_a_record_or_fails_for_any_user(world, people):
    operations = discovered_operations()
    for who, user in people.items():
        client = _client(user)
        hidden = _hidden_canaries(world, user)
        for method, path in operations:
            build = API_CASES[(method, path)]
            for c in CLASSIFICATIONS if build is not None else [None]:
                url = path
                for key, value in (build(world, c) if c else {}).items():
                    url = url.replace("{" + key + "}", str(value))
                response = client.generic(method, url, "{}", content_type="application/json")
                assert response.status_code < 500, f"{who} {method} {url}: {response.status_code}"
                leaked = [x for x in hidden if x.encode() in response.content]
                assert leaked == [], f"{who} {method} {url} shows {leaked}"
                kind = API_RECORD.get((method, path))
                if kind and c is not None and not policy.can_view(user or AnonymousUser(), world.guarded(c, kind)):
                    assert response.status_code in (401, 403, 404, 405, 422), f"{who} {method} {url}"
                if method != "GET" and user is None:
                    assert response.status_code in (401, 403, 405), f"anonymous {method} {url} was not refused"


def test_state_changes_refuse_get_and_need_csrf(world, alice):
    """POST-only state changes: GET is refused, and a POST without the CSRF token is forbidden."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice, backend="django.contrib.auth.backends.ModelBackend")
    p = world.records["LIMITED"]["partnership"]
    assert client.get(f"/safeguards/partnerships/{p.pk}/assessments/new/").status_code == 405
    assert client.post(f"/partnerships/{p.pk}/close/", {"reason": "x"}).status_code == 403
    assert client.post("/api/partnerships/", "{}", content_type="application/json").status_code in (401, 403)
