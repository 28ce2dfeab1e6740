from pathlib import Path

import pytest
import yaml

from wholeroute.access.models import AuditEntry, Classification
from wholeroute.partnerships import registry as registry_parser
from wholeroute.partnerships import seed
from wholeroute.partnerships.models import Fact, Partnership

YAML = yaml.safe_load(registry_parser.DEFAULT_PATH.read_text(encoding="utf-8"))["records"]
BY_ID = {r["id"]: r for r in YAML}


def test_the_seed_loads_all_36_registry_records_as_public_records_of_dg_home(registry):
    assert len(YAML) == 36
    assert Partnership.objects.filter(registry_id__isnull=False).count() == 36
    assert set(Partnership.objects.values_list("registry_id", flat=True)) == set(BY_ID)
    assert set(Partnership.objects.values_list("classification", flat=True)) == {Classification.PUBLIC}
    assert set(Partnership.objects.values_list("owner__slug", flat=True)) == {"dg-home"}
    assert not Partnership.objects.filter(phase_imported=False).exists()


def test_running_the_seed_again_changes_nothing(registry):
    audit_rows = AuditEntry.objects.count()
    facts = list(Fact.objects.order_by("pk").values_list("pk", "text"))
    summary = seed.run(demo=False)
    assert "0 created, 0 updated, 36 unchanged" in summary
    assert AuditEntry.objects.count() == audit_rows
    assert list(Fact.objects.order_by("pk").values_list("pk", "text")) == facts


def test_seeded_facts_match_the_yaml(registry):
    tn = Partnership.objects.get(registry_id="eu-tn-mou-2023")
    raw = BY_ID["eu-tn-mou-2023"]
    assert tn.title == raw["title"]
    assert tn.instrument_kind == Partnership.InstrumentKind.MOU
    assert tn.signed_or_announced == "2023-07-16"
    assert tn.status_text == raw["status"]["value"]
    assert tn.status_as_of == "2024-10-21"
    assert set(tn.countries.values_list("code", flat=True)) == {"TN"}
    assert list(tn.solution_types.values_list("code", flat=True)) == ["comprehensive-partnership"]
    assert [p.kind for p in tn.parties.all()] == ["eu", "partner_country"]
    money = tn.facts.filter(kind=Fact.Kind.MONEY).order_by("order")
    assert [int(m.amount) for m in money] == [m["amount"] for m in raw["money"]]
    # The Tunisian outlet's report is kept, with its uncertainty flag and note.
    uncertain = tn.facts.get(kind=Fact.Kind.KEY_TERM, uncertain=True)
    assert "EUR 50m" in uncertain.text and "one Tunisian outlet" in uncertain.note
    assert uncertain.sources == ["https://carthagemagazine.com/tunisia-eu-sign-deal-on-migration-and-economy/"]
    assert tn.sources == raw["sources"]


def test_member_states_and_partner_countries_are_told_apart(registry):
    uk_fr = Partnership.objects.get(registry_id="it-al-protocol-2023")
    kinds = {p.country.code: p.kind for p in uk_fr.parties.exclude(country=None)}
    assert kinds == {"IT": "member_state", "AL": "partner_country"}


def test_the_phase_is_derived_from_the_status_and_marked_imported(registry):
    assert Partnership.objects.get(registry_id="uk-rw-medp-2022").phase == "closed"
    assert Partnership.objects.get(registry_id="eu-ne-anti-smuggling-partnership").phase == "closed"
    assert Partnership.objects.get(registry_id="dk-rw-asylum-cooperation").phase == "suspended"
    assert Partnership.objects.get(registry_id="frontex-status-negotiations-sn-mr").phase == "exploration"
    assert Partnership.objects.get(registry_id="de-kg-declaration-of-intent-2023").phase == "design"
    assert Partnership.objects.get(registry_id="de-in-mmpa-2022").phase == "implementation"
    # In force with all but one country (Belarus started a suspension procedure): still in implementation.
    assert Partnership.objects.get(registry_id="eu-readmission-agreements").phase == "implementation"


def test_uncertain_dates_keep_their_flag_and_note(registry):
    niger = Partnership.objects.get(registry_id="eu-ne-anti-smuggling-partnership")
    ended = niger.facts.get(kind=Fact.Kind.DATE, label="ended")
    assert niger.ended == "2023-11-25" and ended.uncertain and "Decree signed" in ended.note


def test_departure_countries_link_partnerships_to_their_route(registry):
    tn = Partnership.objects.get(registry_id="eu-tn-mou-2023")
    assert "central-mediterranean" in set(tn.routes.values_list("slug", flat=True))


def test_a_bad_registry_file_is_refused_naming_record_and_field(tmp_path: Path, registry):
    bad = [dict(BY_ID["eu-tn-mou-2023"]), dict(BY_ID["eu-tr-statement-2016"])]
    bad[1]["dates"] = {"signed_or_announced": {"date": "2016-13-40", "source": "x"}}
    bad[0]["type"] = "space_programme"
    path = tmp_path / "partnerships.yaml"
    path.write_text(yaml.safe_dump({"records": bad}), encoding="utf-8")
    count = Partnership.objects.count()
    with pytest.raises(registry_parser.RegistryError) as exc:
        seed.run(demo=False, path=path)
    message = str(exc.value)
    assert "record 1 (eu-tn-mou-2023), field type: unknown type 'space_programme'" in message
    assert "record 2 (eu-tr-statement-2016), field dates.signed_or_announced" in message
    assert Partnership.objects.count() == count


def test_without_reference_geography_the_seed_says_so_and_writes_nothing(institutions):
    assert seed.run(demo=False).startswith("skipped: no reference geography")
    assert not Partnership.objects.exists()
