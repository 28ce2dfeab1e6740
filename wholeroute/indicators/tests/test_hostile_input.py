"""Hostile and broken statistics files, made from the real ones: whatever arrives, the only outcomes are a clean
import or a failed run with a clear error and nothing written — never an exception, a hang or a partial write."""

import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wholeroute.indicators import actions
from wholeroute.indicators.load import FIELD_LIMITS, _oversized, load
from wholeroute.indicators.models import ImportRun, Observation, Series
from wholeroute.indicators.seed import DATA

WORKBOOK = DATA / "frontex/Monthly_detections_of_IBC_20220204.xlsx"
REFUSED = DATA / "eurostat/migr_eirfs_refused_entry_2014_2023.csv"  # 327 data rows
SHEET = "xl/worksheets/sheet1.xml"


def rebuilt_workbook(tmp_path, name, replace):
    """The real Frontex workbook with some of its parts replaced (`replace`: part name → bytes)."""
    target = tmp_path / name
    with zipfile.ZipFile(WORKBOOK) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for part in source.infolist():
            out.writestr(part.filename, replace.get(part.filename, source.read(part.filename)))
    return target


def zip_bomb(tmp_path, name="bomb.xlsx"):
    """The real workbook whose first sheet carries 768 MB of blanks inside <sheetData>: about 1 MB on disk."""
    target = tmp_path / name
    with zipfile.ZipFile(WORKBOOK) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for part in source.infolist():
            if part.filename != SHEET:
                out.writestr(part.filename, source.read(part.filename))
                continue
            head, _, tail = source.read(SHEET).partition(b"<sheetData>")
            with out.open(SHEET, "w", force_zip64=True) as stream:
                stream.write(head + b"<sheetData>")
                blank = b" " * (1 << 20)
                for _ in range(768):
                    stream.write(blank)
                stream.write(tail)
    return target


def assert_failed_cleanly(run, *phrases):
    assert run.status == ImportRun.Status.FAILED, run.errors
    assert all(any(p in e for e in run.errors) for p in phrases), run.errors
    assert Observation.objects.count() == 0 and Series.objects.count() == 0


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_real_workbook_passes_the_safety_check_and_still_imports(geography):
    run = load(WORKBOOK)
    assert run.status == ImportRun.Status.SUCCEEDED and run.inserted > 10000


def test_a_zip_bomb_disguised_as_the_frontex_workbook_is_refused_before_it_is_expanded(geography, tmp_path):
    bomb = zip_bomb(tmp_path)
    assert bomb.stat().st_size < 2_000_000
    assert_failed_cleanly(load(bomb), "bomb.xlsx", SHEET, "zip bomb")


@pytest.mark.parametrize("declaration", [
    b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',  # entity expansion ("billion laughs")
    b'<!DOCTYPE workbook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',  # external entity
], ids=["entity-expansion", "external-entity"])
def test_xml_entity_attacks_inside_a_workbook_are_refused(geography, tmp_path, declaration):
    with zipfile.ZipFile(WORKBOOK) as source:
        workbook = source.read("xl/workbook.xml")
    head, _, rest = workbook.partition(b"?>")
    attack = rebuilt_workbook(tmp_path, "entities.xlsx", {"xl/workbook.xml": head + b"?>" + declaration + rest})
    assert_failed_cleanly(load(attack), "entities.xlsx", "xl/workbook.xml", "document type or entities")


@pytest.mark.django_db
def test_a_hostile_workbook_uploaded_on_the_web_fails_its_run_and_writes_nothing(geography, tmp_path, ivan):
    bomb = zip_bomb(tmp_path)
    run = actions.queue_import(ivan, SimpleUploadedFile("bomb.xlsx", bomb.read_bytes()))
    run.refresh_from_db()
    assert_failed_cleanly(run, "zip bomb")


def test_a_formula_injection_cell_is_refused_naming_its_row_and_column(geography, tmp_path):
    lines = REFUSED.read_text(encoding="utf-8-sig").splitlines()
    lines[5] = lines[5].replace(",Austria,", ',"=HYPERLINK(""http://example.invalid"",""click"")",', 1)
    path = tmp_path / REFUSED.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_failed_cleanly(load(path), "row 6", "'geo'")


def _mutations():
    """Ways a real file arrives damaged or hostile: cut short, bytes inserted, a huge field, a formula, re-encoded."""
    original = REFUSED.read_bytes()
    position = st.integers(min_value=0, max_value=len(original))
    return st.one_of(
        position.map(lambda at: original[:at]),
        st.tuples(position, st.binary(min_size=1, max_size=64)).map(lambda t: original[:t[0]] + t[1] + original[t[0]:]),
        st.tuples(position, st.integers(10_000, 2_000_000)).map(
            lambda t: original[:t[0]] + b"9" * t[1] + original[t[0]:]),
        st.tuples(position, st.sampled_from([b"=HYPERLINK(\"http://x\")", b"+cmd|' /C calc'!A0", b"@SUM(1)", b"\x00"])
                  ).map(lambda t: original[:t[0]] + t[1] + original[t[0]:]),
        st.sampled_from(["utf-16", "utf-32", "cp1252", "latin-1"]).map(
            lambda enc: original.decode("utf-8-sig").encode(enc, errors="replace")),
        st.binary(min_size=0, max_size=4096),
    )


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(content=_mutations())
def test_any_damaged_copy_of_a_real_file_imports_cleanly_or_fails_writing_nothing(geography, tmp_path, content):
    path = tmp_path / "fuzzed.csv"
    path.write_bytes(content)
    with transaction.atomic():  # each example starts from the same empty statistics tables
        run = load(path)
        assert run.status in (ImportRun.Status.SUCCEEDED, ImportRun.Status.FAILED)
        if run.status == ImportRun.Status.FAILED:
            assert run.errors and all(e.startswith("fuzzed.csv") for e in run.errors), run.errors
            assert Observation.objects.count() == 0
        else:
            assert Observation.objects.filter(import_run=run).count() == run.inserted > 0
        transaction.set_rollback(True)


@pytest.mark.parametrize("column, cell", [("unit", "Person" * 40), ("DATAFLOW", "ESTAT:" + "X" * 200 + "(1.0)"),
                                          ("LAST UPDATE", "29/11/2026 " * 10)])
def test_a_cell_too_long_to_store_fails_the_import_naming_its_row_and_writes_nothing(geography, tmp_path, column, cell):
    lines = REFUSED.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index(column)] = cell
    lines[1] = ",".join(cells)
    path = tmp_path / REFUSED.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_failed_cleanly(load(path), "row 2", "more than the")


@pytest.mark.parametrize(("column", "value_of", "limit"), FIELD_LIMITS, ids=[c for c, _, _ in FIELD_LIMITS])
def test_each_field_is_refused_one_character_beyond_its_limit_and_kept_at_it(column, value_of, limit):
    from dataclasses import replace

    from wholeroute.indicators.parsers import DatasetInfo, Record

    def record(**overrides):
        info = DatasetInfo(code="migr_test", title="t", source="eurostat", unit="PER")
        dataset_fields = {k: overrides.pop(k) for k in ("code", "unit", "source") if k in overrides}
        return Record(**{"dataset": replace(info, **dataset_fields), "dimensions": (), "period": "2020", "value": 1.0,
                         **overrides})

    field = {"dataset code": "code", "unit": "unit", "source": "source", "period": "period", "flags": "flags",
             "vintage": "vintage"}[column]
    at_limit, beyond = record(**{field: "x" * limit}), record(**{field: "x" * (limit + 1)})
    assert len(value_of(beyond)) == limit + 1
    assert _oversized(at_limit) is None
    assert _oversized(beyond) == (column, f"{limit + 1:,} characters, more than the {limit} this field can hold")
