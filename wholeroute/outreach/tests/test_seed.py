"""The 22 sourced processes load with their dated events, members and sources; a second run changes nothing."""

import datetime

import pytest

from wholeroute.access.models import AuditEntry
from wholeroute.outreach import registry, seed
from wholeroute.outreach.models import Event, Process, ProcessMember

pytestmark = pytest.mark.django_db


def _yaml_records():
    return {r["id"]: r for r in registry.load_yaml(registry.DEFAULT_PATH.read_text())["records"]}


def test_every_registry_record_loads_as_a_public_process(registry_seeded):
    records = _yaml_records()
    assert len(records) == 22
    assert set(Process.objects.values_list("registry_id", flat=True)) == set(records)
    assert not Process.objects.exclude(classification="PUBLIC").exists()
    assert registry_seeded.startswith("22 processes and 40 events: 22 created")


def test_every_dated_event_of_the_registry_is_an_event(registry_seeded):
    records = _yaml_records()
    expected = sum(len(r.get("events") or []) + (1 if r.get("date") else 0) for r in records.values())
    assert Event.objects.filter(registry_key__isnull=False).count() == expected == 40


def test_real_dates_are_kept_with_their_precision(registry_seeded):
    cadiz = Event.objects.get(registry_key="rabat-process#5")
    assert (cadiz.start, cadiz.end, cadiz.precision) == (datetime.date(2022, 12, 13), datetime.date(2022, 12, 14), "day")
    assert cadiz.when == "13–14 December 2022"
    first = Event.objects.get(registry_key="rabat-process#1")
    assert (first.start, first.end, first.precision, first.when) == (
        datetime.date(2006, 7, 1), datetime.date(2006, 7, 31), "month", "July 2006")
    paris = Event.objects.get(registry_key="rabat-process#2")
    assert (paris.precision, paris.when) == ("year", "2008")
    som = Event.objects.get(registry_key="rabat-process#6")
    assert som.when == "31 January – 1 February 2024" and som.kind == "senior_officials_meeting"
    luanda = Event.objects.get(registry_key="au-eu-summit-2025#meeting")
    assert (luanda.start, luanda.end, luanda.place, luanda.kind) == (
        datetime.date(2025, 11, 24), datetime.date(2025, 11, 25), "Luanda", "summit")


def test_an_undated_event_is_shown_as_not_known_and_keeps_its_uncertainty(registry_seeded):
    naples = Event.objects.get(registry_key="med5#5")
    assert naples.start is None and naples.precision == "unknown" and naples.when == "Date not known"
    assert naples.uncertain and "Date not stated" in naples.note and naples.place == "Naples"


def test_members_and_observers_match_the_registry(registry_seeded):
    rabat = Process.objects.get(registry_id="rabat-process")
    raw = _yaml_records()["rabat-process"]["members"]
    african = set(rabat.members.filter(group="african_partners").values_list("country__code", flat=True))
    assert african == set(raw["african_partners"]) and "MA" in african
    observers = set(rabat.members.filter(role="observer", country__isnull=False).values_list("country__code", flat=True))
    assert observers == {"DZ", "LY"}
    # Norway: YAML 1.1 would read the bare code NO as false.
    assert rabat.members.filter(group="european_partners", country__code="NO").exists()
    assert rabat.secretariat == "ICMPD" and rabat.secretariat_organisation.slug == "icmpd"
    iom = rabat.members.get(group="observers", name="IOM")
    assert iom.organisation.slug == "iom" and iom.source == raw["source"]


def test_uncertain_membership_stays_flagged(registry_seeded):
    khartoum = Process.objects.get(registry_id="khartoum-process")
    later = khartoum.members.filter(role=ProcessMember.Role.LATER)
    assert set(later.values_list("country__code", flat=True)) == {"LY", "NO", "CH", "UG"}
    assert all(m.uncertain for m in later) and khartoum.members_uncertain
    assert "encyclopaedia mirror" in khartoum.members_note


def test_sources_are_kept_for_the_process_and_each_event(registry_seeded):
    raw = _yaml_records()["niamey-declaration-process"]
    niamey = Process.objects.get(registry_id="niamey-declaration-process")
    assert niamey.sources == raw["sources"]
    assert niamey.fact_sources["established"] == raw["established"]["source"]
    event = Event.objects.get(registry_key="niamey-declaration-process#4")
    assert event.sources == [raw["events"][3]["source"]] and event.when == "10–12 May 2022"


def test_a_standalone_meeting_keeps_its_participants_and_outcomes(registry_seeded):
    rome = Event.objects.get(registry_key="rome-process-2023#meeting")
    assert {"TN", "AE", "MR", "LY", "CY", "IT", "EG"} <= set(rome.countries.values_list("code", flat=True))
    assert rome.uncertain and rome.outcomes[0]["text"].startswith("Meloni described")


def test_running_the_seed_again_changes_nothing(registry_seeded):
    audit_rows = AuditEntry.objects.count()
    snapshot = list(Event.objects.order_by("pk").values())
    members = ProcessMember.objects.count()
    assert seed.run(demo=False, stdout=None) == "22 processes and 40 events: 0 created, 0 updated, 22 unchanged"
    assert AuditEntry.objects.count() == audit_rows
    assert list(Event.objects.order_by("pk").values()) == snapshot
    assert ProcessMember.objects.count() == members


def test_a_bad_registry_file_names_the_record_and_field_and_writes_nothing(institutions, tmp_path):
    bad = tmp_path / "processes.yaml"
    bad.write_text("records:\n- id: broken\n  name: Broken\n  kind: summit\n  date: {date: '2025-13-40'}\n")
    with pytest.raises(registry.RegistryError) as exc:
        seed.run(demo=False, stdout=None, path=bad)
    assert "record 'broken', date" in str(exc.value) and "not a real date" in str(exc.value)
    assert not Process.objects.exists()
