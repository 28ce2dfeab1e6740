import pytest
from lxml import etree

from wholeroute.access.models import Classification
from wholeroute.funding import actions
from wholeroute.funding.iati import export
from wholeroute.funding.models import ActionResult, FundedAction, ImportRun

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<iati-activities version="2.03"><iati-activity><iati-identifier>X-1</iati-identifier>
<title><narrative>&lol4;</narrative></title></iati-activity></iati-activities>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!-- harmless-looking comment -->
<!DOCTYPE iati-activities [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>X-2</iati-identifier>
<title><narrative>&xxe;</narrative></title></iati-activity></iati-activities>"""


@pytest.fixture
def exported(seeded, tmp_path):
    result = export.build()
    path = tmp_path / "eutf-export.xml"
    path.write_bytes(result.to_bytes())
    return result, path


def test_the_export_of_public_activities_validates_against_the_iati_2_03_schema(exported):
    result, path = exported
    assert result.exported > 500
    assert export.validate(etree.parse(str(path))) == []
    root = etree.parse(str(path)).getroot()
    activity = root.xpath("iati-activity[iati-identifier='T05-EUTF-NOA-REG-14-01']")[0]
    assert activity.xpath("recipient-country/@code") or activity.xpath("participating-org[@role='4']")
    assert "3794" in activity.xpath("result/indicator/period/actual/@value")
    assert {"TD", "LY", "NE", "ET"} <= set(root.xpath("iati-activity/recipient-country/@code"))
    assert root.xpath("iati-activity/budget/value")


def test_activities_the_schema_cannot_take_are_listed_not_invented(exported):
    result, _ = exported
    reasons = dict(result.skipped)
    assert result.exported + len(result.skipped) == 644
    assert set(reasons.values()) <= {"no title", "no description", "no activity date published",
                                     "no participating organisation"}


def test_only_public_activities_are_exported(seeded):
    action = FundedAction.objects.get(iati_identifier="T05-EUTF-NOA-REG-14-01")
    FundedAction.objects.filter(pk=action.pk).update(classification=Classification.LIMITED)
    document = export.build().document
    assert not document.xpath("iati-activity[iati-identifier='T05-EUTF-NOA-REG-14-01']")


def test_an_exported_file_imports_back_with_results_and_countries(exported, institutions):
    _, path = exported
    run = actions.import_iati(None, path, owner=institutions["dg-intpa"])
    assert run.counts["read"] == exported[0].exported
    imported = FundedAction.objects.get(source_key="iati:T05-EUTF-NOA-REG-14-01")
    assert list(imported.countries.values_list("code", flat=True)) == list(
        FundedAction.objects.get(source_key="eutf:T05-EUTF-NOA-REG-14-01").countries.values_list("code", flat=True))
    assert imported.results.get(actual="3794").target is None
    again = actions.import_iati(None, path, owner=institutions["dg-intpa"])
    assert again.counts["unchanged"] == again.counts["read"] and again.counts["inserted"] == 0


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_hostile_xml_is_rejected_with_a_clear_error_and_nothing_written(payload, institutions, tmp_path):
    path = tmp_path / "hostile.xml"
    path.write_bytes(payload)
    with pytest.raises(actions.ImportRefused, match="refused: the file declares a document type"):
        actions.import_iati(None, path, owner=institutions["dg-intpa"])
    assert FundedAction.objects.count() == 0 and ActionResult.objects.count() == 0
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_a_broken_file_half_way_writes_nothing(exported, institutions, tmp_path):
    _, path = exported
    data = path.read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: len(data) * 3 // 4])
    with pytest.raises(actions.ImportRefused, match=r"cut.xml: line \d+: not well-formed"):
        actions.import_iati(None, cut, owner=institutions["dg-intpa"])
    assert not FundedAction.objects.filter(source=FundedAction.Source.IATI).exists()


def test_files_above_the_size_limit_are_refused(exported, institutions):
    _, path = exported
    with pytest.raises(actions.ImportRefused, match="more than the limit"):
        actions.import_iati(None, path, owner=institutions["dg-intpa"], max_bytes=1000)


def test_an_eutf_table_with_a_bad_cell_is_rejected_naming_file_row_and_column(geography, institutions, tmp_path):
    import shutil

    from wholeroute.funding.seed import EUTF_FOLDER

    for f in EUTF_FOLDER.iterdir():
        shutil.copy(f, tmp_path / f.name)
    projects = tmp_path / "EUTF_projects_akvo.csv"
    projects.write_text(projects.read_text(encoding="utf-8").replace(",3700000,", ",3.7 million,", 1),
                        encoding="utf-8")
    with pytest.raises(actions.ImportRefused) as caught:
        actions.import_eutf(None, tmp_path, owner=institutions["dg-intpa"])
    assert caught.value.problems == ["EUTF_projects_akvo.csv, row 2, column budget: '3.7 million' is not a number"]
    assert FundedAction.objects.count() == 0


def test_child_rows_written_in_bulk_keep_control_characters_empty_figures_and_decimals(ledger, ministry):
    """Imports write results, transactions, recipients and participants with COPY on PostgreSQL: text that COPY's
    format treats specially (tabs, newlines, backslashes, a literal \\N) and empty figures must come back as given."""
    import datetime
    from decimal import Decimal

    from wholeroute import bulkcopy

    action = FundedAction.objects.create(source=FundedAction.Source.IATI, source_key="TEST-COPY-1",
                                         iati_identifier="TEST-COPY-1", title="Copy test", owner=ministry,
                                         classification=Classification.PUBLIC)
    tricky = "line one\nline\ttwo \\ back\\slash \\N not null"
    rows = [ActionResult(action=action, order=0, title=tricky, baseline=None, target=Decimal("1234.5678"),
                         actual=None, period_start=datetime.date(2020, 1, 1), target_text="80%"),
            ActionResult(action=action, order=1, title="", baseline=Decimal("0"), target=None, actual=Decimal("-3"))]
    assert bulkcopy.insert(ActionResult, rows) == 2
    first, second = ActionResult.objects.filter(action=action).order_by("order")
    assert first.title == tricky and first.baseline is None and first.actual is None
    assert first.target == Decimal("1234.5678") and first.period_start == datetime.date(2020, 1, 1)
    assert first.target_text == "80%" and first.actual_text == ""
    assert second.title == "" and second.baseline == Decimal("0") and second.target is None
    assert second.actual == Decimal("-3")
