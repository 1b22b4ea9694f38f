"""The 903 CSV set and the CIN census XML, from records in the database."""

from __future__ import annotations

import csv

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from hearth.returns import cin, ssda903
from hearth.returns.tests import builders

pytestmark = pytest.mark.django_db

YEAR = "2025-26"


def test_903_writes_every_table_with_dfe_columns_even_when_empty(tmp_path):
    builders.small_la()
    paths = ssda903.write_903(year=YEAR, out_dir=tmp_path)
    assert set(paths) == set(ssda903.tables_for_year(YEAR))
    for name, path in paths.items():
        with path.open(encoding="utf-8") as f:
            assert next(csv.reader(f)) == ssda903.COLUMNS[name]
    assert (tmp_path / "AD1.csv").read_text().strip() == ",".join(ssda903.COLUMNS["AD1"])


def test_903_episodes_from_the_timelines():
    child = builders.looked_after_child()
    tables = ssda903.build_903(year=YEAR)
    eps = [e for e in tables["Episodes"] if e["CHILD"] == child.la_child_id]
    assert [(e["DECOM"], e["RNE"], e["LS"], e["PLACE"], e["DEC"], e["REC"]) for e in eps] == [
        ("05/06/2023", "S", "C1", "U6", "02/06/2025", "X1"),
        ("02/06/2025", "P", "C1", "U4", "01/09/2025", "X1"),
        ("01/09/2025", "U", "C2", "U4", "", ""),
    ]
    assert [e["REASON_PLACE_CHANGE"] for e in eps] == ["CARPL", "CREQO", ""]
    header = tables["Header"][0]
    assert (header["SEX"], header["DOB"]) == ("M", "14/05/2012")
    assert tables["SWEpisodes"][0]["SW_ID"] == "SW123456"
    assert len(tables["OC2"]) == 1  # looked after for over 12 months at 31 March


def test_903_uses_1_and_2_for_sex_before_2024_25():
    builders.looked_after_child()
    assert ssda903.build_903(year="2023-24")["Header"][0]["SEX"] == "1"


def test_903_queries_do_not_grow_with_children():
    builders.looked_after_child()
    with CaptureQueriesContext(connection) as one:
        ssda903.build_903(year=YEAR)
    for _ in range(4):
        builders.looked_after_child()
    with CaptureQueriesContext(connection) as five:
        ssda903.build_903(year=YEAR)
    assert len(five) == len(one)


def _children(root):
    return root.find("Children").findall("Child")


def test_cin_xml_structure_and_element_order():
    builders.small_la()
    root = etree.fromstring(cin.build_cin_xml(year=YEAR))
    assert root.tag == "Message"
    assert [e.tag for e in root] == ["Header", "Children"]
    details = root.find("Header/CollectionDetails")
    assert [(e.tag, e.text) for e in details] == [
        ("Collection", "CIN"),
        ("Year", "2026"),
        ("ReferenceDate", "2026-03-31"),
    ]
    assert [e.tag for e in root.find("Header/Source")] == [
        "SourceLevel",
        "LEA",
        "SoftwareCode",
        "Release",
        "SerialNo",
        "DateTime",
    ]
    assert root.findtext("Header/Source/LEA") == "874"
    (child,) = _children(root)  # the looked-after child has no CIN episode on record
    assert [e.tag for e in child] == ["ChildIdentifiers", "ChildCharacteristics", "CINdetails"]
    assert [e.tag for e in child.find("ChildIdentifiers")] == [
        "LAchildID",
        "UPN",
        "PersonBirthDate",
        "Sex",
    ]
    assert child.findtext("ChildCharacteristics/Disabilities/Disability") == "NONE"
    cd = child.find("CINdetails")
    assert [e.tag for e in cd] == [
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "DateOfInitialCPC",
        "Assessments",
        "ReferralNFA",
        "ChildProtectionPlans",
    ]
    assert cd.findtext("CINreferralDate") == "2025-05-06"
    assert [e.tag for e in cd.find("ChildProtectionPlans")] == [
        "CPPstartDate",
        "InitialCategoryOfAbuse",
        "LatestCategoryOfAbuse",
        "NumberOfPreviousCPP",
    ]
    assert cd.findtext("Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors") == "2A"


def test_cin_uses_gender_current_before_2024_25():
    child = builders.child_in_need()
    child.cin_episodes.update(referral_date="2023-05-08")
    root = etree.fromstring(cin.build_cin_xml(year="2023-24"))
    ids = _children(root)[0].find("ChildIdentifiers")
    assert ids.findtext("GenderCurrent") == "2"
    assert ids.find("Sex") is None


def test_cin_tables_match_the_xml_children():
    builders.small_la()
    tables = cin.cin_tables(year=YEAR)
    assert set(tables) == set(cin.CIN_TABLE_COLUMNS)
    (row,) = tables["CINdetails"]["rows"]
    record = dict(zip(tables["CINdetails"]["columns"], row, strict=True))
    assert record["CINdetailsID"] == 1
    assert record["CINreferralDate"] == "2025-05-06"
    assert record["CINclosureDate"] is None
    assert tables["Header"]["rows"][0][2] == "2026-03-31"


def test_export_command_writes_both_returns(tmp_path):
    builders.small_la()
    call_command("returns", "export", "903", "--year", YEAR, "--out", str(tmp_path / "903"))
    call_command("returns", "export", "cin", "--year", YEAR, "--out", str(tmp_path / "cin"))
    assert (tmp_path / "903" / "Episodes.csv").exists()
    assert (tmp_path / "cin" / f"CIN_{YEAR}.xml").exists()
