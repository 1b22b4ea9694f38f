"""Hand-made returns from "another system", imported into an empty Hearth and exported again:
each class of loss named in issue 13 has its own case here, and each asserts that the facts
come back out identically and that the indicators match a computation done by hand below."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from hearth.care import selectors as care
from hearth.care.models import Adoption, Placement
from hearth.core.services import system_user
from hearth.people.models import Child
from hearth.returns import annex_a, ssda903
from hearth.returns.importers.ssda903 import import_903
from hearth.returns.tests import builders

pytestmark = pytest.mark.django_db

YEAR = "2025-26"
START, END = dt.date(2025, 4, 1), dt.date(2026, 3, 31)
d = dt.date


def write_903(directory: Path, tables: dict[str, list[dict[str, str]]]) -> Path:
    """A return as another system would write it: one CSV per table, DfE's columns."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (directory / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=ssda903.COLUMNS[name])
            writer.writeheader()
            for row in rows:
                writer.writerow({c: row.get(c, "") for c in ssda903.COLUMNS[name]})
    return directory


def exported(table: str, child: str) -> list[dict[str, str]]:
    """Hearth's own 903 rows of ``table`` for one child, every column as written."""
    rows = ssda903.build_903(year=YEAR)[table]
    return [{c: r.get(c, "") for c in ssda903.COLUMNS[table]} for r in rows if r["CHILD"] == child]


def as_written(rows: list[dict[str, str]], table: str) -> list[dict[str, str]]:
    return [{c: r.get(c, "") for c in ssda903.COLUMNS[table]} for r in rows]


# --- Adoption dates --------------------------------------------------------------------------

# fmt: off
ADOPTED = {
    "Header": [{"CHILD": "AD001", "SEX": "2", "DOB": "15/03/2022", "ETHNIC": "WBRI"}],
    "Episodes": [
        # In care on 10/04/2025 (C2, foster care); placement order 04/07/2025 (L: legal
        # status only); placed for adoption 01/09/2025 (P: new placement A6); adopted
        # 20/02/2026 (E11).
        {"CHILD": "AD001", "DECOM": "10/04/2025", "RNE": "S", "LS": "C2", "CIN": "N1",
         "PLACE": "U4", "PLACE_PROVIDER": "PR1", "DEC": "04/07/2025", "REC": "X1",
         "HOME_POST": "PE1 4TE", "PL_POST": "PE2 8QR", "URN": "XXXXXXX"},
        {"CHILD": "AD001", "DECOM": "04/07/2025", "RNE": "L", "LS": "E1", "CIN": "N1",
         "PLACE": "U4", "PLACE_PROVIDER": "PR1", "DEC": "01/09/2025", "REC": "X1",
         "REASON_PLACE_CHANGE": "CARPL", "HOME_POST": "PE1 4TE", "PL_POST": "PE2 8QR",
         "URN": "XXXXXXX"},
        {"CHILD": "AD001", "DECOM": "01/09/2025", "RNE": "P", "LS": "E1", "CIN": "N1",
         "PLACE": "A6", "PLACE_PROVIDER": "PR1", "DEC": "20/02/2026", "REC": "E11",
         "HOME_POST": "PE1 4TE", "PL_POST": "PE3 9AU", "URN": "XXXXXXX"},
    ],
    "AD1": [
        {"CHILD": "AD001", "DOB": "15/03/2022", "DATE_INT": "01/06/2025",
         "DATE_MATCH": "15/08/2025", "FOSTER_CARE": "0", "NB_ADOPTR": "2",
         "SEX_ADOPTR": "MF", "LS_ADOPTR": "L11"},
    ],
    "PlacedAdoption": [
        {"CHILD": "AD001", "DOB": "15/03/2022", "DATE_PLACED": "01/06/2025"},
    ],
}
# fmt: on


@pytest.fixture
def adopted(tmp_path):
    builders.authority()
    import_903(write_903(tmp_path / "903", ADOPTED), year=YEAR, acting_user=system_user())
    return Child.objects.get(la_child_id="AD001")


def test_an_imported_adoption_keeps_every_date_its_episodes_carry(adopted):
    adoption = Adoption.objects.get(child=adopted)
    assert (
        adoption.decision_date,
        adoption.placement_order_date,
        adoption.match_date,
        adoption.placed_date,
        adoption.adoption_order_date,
    ) == (d(2025, 6, 1), d(2025, 7, 4), d(2025, 8, 15), d(2025, 9, 1), d(2026, 2, 20))


def test_an_imported_adoption_exports_the_same_903_rows(adopted):
    for table in ("Episodes", "AD1", "PlacedAdoption"):
        assert exported(table, "AD001") == as_written(ADOPTED[table], table), table


def test_an_imported_adoption_counts_in_a1_and_a2_as_computed_by_hand(adopted):
    # A1: entered care 10/04/2025 -> placed for adoption 01/09/2025 = 20 + 31 + 31 + 31 + 31
    # (rest of April, May, June, July, August) + 0 = 144 days.
    # A2: placement order 04/07/2025 -> match 15/08/2025 = 27 (rest of July) + 15 = 42 days.
    assert care.adoption_timeliness_a1(start=START, end=END) == {adopted.pk: 144}
    assert care.adoption_timeliness_a2(start=START, end=END) == {adopted.pk: 42}


def test_an_imported_adoption_appears_in_annex_a_list_10_with_its_dates(adopted):
    [row] = annex_a.build_annex_a(as_of=END)["List 10"]
    assert row["Date of Placement Order"] == d(2025, 7, 4)
    assert row["Date Placed for Adoption"] == d(2025, 9, 1)
    assert row["Date of Adoption Order"] == d(2026, 2, 20)


def test_a_placement_already_in_force_when_the_held_history_begins_is_not_dated(tmp_path):
    """The first episode held says only that the legal status changed that day (RNE L): the
    placement order is dated, the adoptive placement it continues is not."""
    episodes = [
        {**ADOPTED["Episodes"][2], "DECOM": "10/04/2025", "RNE": "L", "DEC": "", "REC": ""},
    ]
    tables = {**ADOPTED, "Episodes": episodes, "AD1": []}
    tables["PlacedAdoption"] = [{**ADOPTED["PlacedAdoption"][0], "DATE_PLACED": "01/04/2025"}]
    import_903(write_903(tmp_path / "903", tables), year=YEAR, acting_user=system_user())
    adoption = Adoption.objects.get()
    assert adoption.placement_order_date == d(2025, 4, 10)
    assert adoption.placed_date is None


# --- Placement location ----------------------------------------------------------------------

# fmt: off
OUT_OF_AREA = {
    "Header": [{"CHILD": "PL001", "SEX": "1", "DOB": "02/11/2012", "ETHNIC": "WBRI"}],
    "Episodes": [
        # Placed with foster carers in Luton (LU1 1AB, E06000032) by Peterborough.
        {"CHILD": "PL001", "DECOM": "07/05/2025", "RNE": "S", "LS": "C2", "CIN": "N1",
         "PLACE": "U1", "PLACE_PROVIDER": "PR4", "HOME_POST": "PE1 4TE", "PL_POST": "LU1 1AB",
         "URN": "XXXXXXX"},
    ],
}
# fmt: on


@pytest.fixture
def placed_out(tmp_path):
    builders.authority()
    import_903(write_903(tmp_path / "903", OUT_OF_AREA), year=YEAR, acting_user=system_user())
    return Child.objects.get(la_child_id="PL001")


def test_an_imported_placement_takes_its_la_from_the_postcode(placed_out):
    assert Placement.objects.get(child=placed_out).la_of_placement == "E06000032"


def test_an_out_of_authority_placement_shows_as_out_in_annex_a(placed_out):
    [row] = annex_a.build_annex_a(as_of=END)["List 8"]
    assert (row["Placement Location"], row["LA of Placement"]) == ("b) Out", "E06000032")


def test_an_out_of_authority_placement_exports_the_same_episode(placed_out):
    assert exported("Episodes", "PL001") == as_written(OUT_OF_AREA["Episodes"], "Episodes")


# --- History that precedes the import --------------------------------------------------------


def cin_child(child_id: str, dob: str, referral: str, plan_start: str, previous: int) -> str:
    return f"""
    <Child>
      <ChildIdentifiers>
        <LAchildID>{child_id}</LAchildID>
        <UPNunknown>UN1</UPNunknown>
        <PersonBirthDate>{dob}</PersonBirthDate>
        <Sex>F</Sex>
      </ChildIdentifiers>
      <ChildCharacteristics>
        <Ethnicity>WBRI</Ethnicity>
        <Disabilities><Disability>NONE</Disability></Disabilities>
      </ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>{referral}</CINreferralDate>
        <ReferralSource>5A</ReferralSource>
        <PrimaryNeedCode>N1</PrimaryNeedCode>
        <ReferralNFA>0</ReferralNFA>
        <ChildProtectionPlans>
          <CPPstartDate>{plan_start}</CPPstartDate>
          <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
          <LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>
          <NumberOfPreviousCPP>{previous}</NumberOfPreviousCPP>
        </ChildProtectionPlans>
      </CINdetails>
    </Child>"""


def cin_file(path: Path, *children: str) -> Path:
    path.write_text(
        f"""<?xml version='1.0' encoding='UTF-8'?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>CIN</Collection><Year>2026</Year><ReferenceDate>2026-03-31</ReferenceDate>
    </CollectionDetails>
    <Source>
      <SourceLevel>L</SourceLevel><LEA>874</LEA><SoftwareCode>Other</SoftwareCode>
      <Release>9</Release><SerialNo>1</SerialNo><DateTime>2026-04-20T09:00:00</DateTime>
    </Source>
  </Header>
  <Children>{"".join(children)}
  </Children>
</Message>
""",
        encoding="utf-8",
    )
    return path


def cp_plans_in(xml: Path) -> dict[str, list[tuple[str, str]]]:
    """LAchildID -> (CPPstartDate, NumberOfPreviousCPP) of each plan in a CIN census file."""
    from lxml import etree

    out = {}
    for child in etree.parse(str(xml)).getroot().iter("Child"):
        out[child.findtext("ChildIdentifiers/LAchildID")] = [
            (p.findtext("CPPstartDate"), p.findtext("NumberOfPreviousCPP"))
            for p in child.iter("ChildProtectionPlans")
        ]
    return out


@pytest.fixture
def stated(tmp_path):
    """CP002's plan is her third (two earlier plans, held in no file we have); CP001's is her
    first."""
    builders.authority()
    xml = cin_file(
        tmp_path / "cin.xml",
        cin_child("CP001", "2016-04-02", "2025-05-06", "2025-07-01", 0),
        cin_child("CP002", "2014-09-19", "2025-06-02", "2025-08-04", 2),
    )
    from hearth.returns.importers.cin import import_cin

    import_cin(xml, acting_user=system_user())
    return xml


def test_a_stated_count_of_previous_plans_is_kept_with_its_source(stated):
    from hearth.casework.models import StatedHistory

    fact = StatedHistory.objects.get()
    assert (fact.child.la_child_id, fact.fact, fact.value, fact.about, fact.source_file) == (
        "CP002",
        StatedHistory.Fact.PREVIOUS_CP_PLANS,
        "2",
        d(2025, 8, 4),
        "cin.xml",
    )


def test_previous_plans_that_precede_the_import_export_as_stated(stated, tmp_path):
    from hearth.returns import cin

    again = Path(cin.write_cin(year=YEAR, out_dir=tmp_path / "out"))
    assert cp_plans_in(again) == cp_plans_in(stated)


def test_second_or_subsequent_plans_count_stated_history_as_computed_by_hand(stated):
    from hearth.casework import selectors as cw

    # Plans started in 2025-26: CP001 (first) and CP002 (third) -> 1 of 2 is a repeat.
    started = cw.cp_plans_started_in_period(start=START, end=END)
    repeat = cw.cp_plans_second_or_subsequent(start=START, end=END)
    assert (started.count(), list(repeat.values_list("child__la_child_id", flat=True))) == (
        2,
        ["CP002"],
    )
    rows = {
        r["Child Unique ID"]: r["Number of Previous Child Protection Plans"]
        for r in annex_a.build_annex_a(as_of=END)["List 7"]
    }
    assert sorted(rows.values()) == [0, 2]


def test_records_of_earlier_plans_replace_the_stated_count_once_they_say_more(stated, tmp_path):
    """Three earlier plans imported later outnumber the two stated: the records win."""
    from hearth.casework.models import CPPlan
    from hearth.casework.selectors import previous_cp_plans
    from hearth.casework.tests.factories import CINEpisodeFactory, CPPlanFactory

    child = Child.objects.get(la_child_id="CP002")
    for year in (2016, 2018, 2020):
        episode = CINEpisodeFactory(
            child=child,
            referral_date=d(year, 1, 4),
            closure_date=d(year, 9, 1),
            closure_reason="RC1",
        )
        CPPlanFactory(cin_episode=episode, start_date=d(year, 1, 4), end_date=d(year, 9, 1))
    counts = previous_cp_plans(child_ids=[child.pk])
    latest = CPPlan.objects.get(child=child, start_date=d(2025, 8, 4))
    assert counts[latest.pk] == 3


# --- Care leavers known only from OC3 --------------------------------------------------------

# fmt: off
LEAVERS = {
    # Both left care before any return we hold: they appear only in Header and OC3.
    # CL001 turns 19 on 12/10/2025 and is at university; CL002 turns 21 on 03/02/2026, not in
    # education, employment or training.
    "Header": [
        {"CHILD": "CL001", "SEX": "F", "DOB": "12/10/2006", "ETHNIC": "WBRI"},
        {"CHILD": "CL002", "SEX": "M", "DOB": "03/02/2005", "ETHNIC": "WBRI"},
    ],
    "Episodes": [],
    "OC3": [
        {"CHILD": "CL001", "DOB": "12/10/2006", "IN_TOUCH": "YES", "ACTIV": "F1",
         "ACCOM": "D1"},
        {"CHILD": "CL002", "DOB": "03/02/2005", "IN_TOUCH": "YES", "ACTIV": "G5",
         "ACCOM": "B1"},
    ],
}
# fmt: on


@pytest.fixture
def leavers(tmp_path):
    builders.authority()
    import_903(write_903(tmp_path / "903", LEAVERS), year=YEAR, acting_user=system_user())
    return {c.la_child_id: c for c in Child.objects.all()}


def test_an_oc3_only_young_person_is_recorded_as_a_care_leaver_of_unknown_leaving_date(leavers):
    from hearth.casework.models import StatedHistory

    facts = {
        f.child.la_child_id: (f.value, f.about, f.source_file)
        for f in StatedHistory.objects.filter(fact=StatedHistory.Fact.CARE_LEAVER)
    }
    assert facts == {
        "CL001": ("former_relevant", None, "OC3.csv"),
        "CL002": ("former_relevant", None, "OC3.csv"),
    }


def test_oc3_only_care_leavers_export_the_same_header_and_oc3_rows(leavers):
    for table in ("Header", "OC3"):
        assert [r for c in ("CL001", "CL002") for r in exported(table, c)] == as_written(
            LEAVERS[table], table
        ), table


def test_oc3_only_care_leavers_count_in_the_indicators_as_computed_by_hand(leavers):
    # Care leavers with a 19th-21st birthday in 2025-26: CL001 (19, F1 = EET) and CL002 (21,
    # G5 = not EET): 1 of 2 in education, employment or training.
    eet = care.care_leavers_eet(start=START, end=END)
    assert (eet.numerator, eet.denominator) == (1, 2)
    assert set(care.care_leavers(day=END)) == {c.pk for c in leavers.values()}


def test_oc3_only_care_leavers_appear_in_annex_a_list_9(leavers):
    rows = annex_a.build_annex_a(as_of=END)["List 9"]
    assert {r["Child Unique ID"]: r["Activity Status"] for r in rows} == {
        "CL001": annex_a.ACTIVITY["F1"],
        "CL002": annex_a.ACTIVITY["G5"],
    }


# --- Facts the return does not state are not invented ----------------------------------------

# fmt: off
IN_YEAR = {
    # Looked after since 03/03/2024 (so in OC2); the return says she had a health assessment,
    # a dental check and immunisations "in the year" (no dates) and went missing once, and
    # nothing about a return interview.
    "Header": [{"CHILD": "OC001", "SEX": "F", "DOB": "10/06/2016", "ETHNIC": "WBRI"}],
    "Episodes": [
        {"CHILD": "OC001", "DECOM": "03/03/2024", "RNE": "S", "LS": "C2", "CIN": "N1",
         "PLACE": "U1", "PLACE_PROVIDER": "PR1", "HOME_POST": "PE1 4TE", "PL_POST": "PE2 8QR",
         "URN": "XXXXXXX"},
    ],
    "OC2": [
        {"CHILD": "OC001", "DOB": "10/06/2016", "SDQ_SCORE": "12", "SDQ_REASON": "",
         "CONVICTED": "", "HEALTH_CHECK": "", "IMMUNISATIONS": "1", "TEETH_CHECK": "1",
         "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": "0"},
    ],
    "Missing": [
        {"CHILD": "OC001", "DOB": "10/06/2016", "MISSING": "M", "MIS_START": "05/09/2025",
         "MIS_END": "06/09/2025"},
    ],
}
# fmt: on


@pytest.fixture
def in_year(tmp_path):
    builders.authority()
    import_903(write_903(tmp_path / "903", IN_YEAR), year=YEAR, acting_user=system_user())
    return Child.objects.get(la_child_id="OC001")


def test_undated_health_checks_are_stated_facts_not_checks_dated_by_hearth(in_year):
    from hearth.care.models import HealthCheck
    from hearth.casework.models import StatedHistory

    assert not in_year.health_checks.exclude(kind=HealthCheck.Kind.SDQ).exists()
    assert set(
        StatedHistory.objects.filter(child=in_year).values_list("fact", "value", "about")
    ) == {(kind, "1", END) for kind in ("health_assessment", "dental", "immunisations")}


def test_stated_health_checks_and_missing_export_the_same_rows(in_year):
    for table in ("Episodes", "OC2", "Missing"):
        assert exported(table, "OC001") == as_written(IN_YEAR[table], table), table


def test_annex_a_leaves_unknown_dates_and_return_interviews_blank(in_year):
    [row] = annex_a.build_annex_a(as_of=END)["List 8"]
    assert row["Date of Last Health Assessment"] is None
    assert row["Date of Last Dental Check"] is None
    offered, accepted = annex_a.HEADINGS["List 8"][30], annex_a.HEADINGS["List 8"][31]
    assert (row[offered], row[accepted]) == ("", "")


def test_stated_health_checks_count_and_unknown_interviews_do_not(in_year):
    # By hand: one child in care 12 months at 31/03/2026, whose return says she had a health
    # assessment in the year -> 1 of 1; her one missing episode says nothing of an interview,
    # so it is neither offered nor not offered -> no episodes measured.
    from hearth.care.models import HealthCheck

    assert care.health_checks_in_year(day=END, kind=HealthCheck.Kind.HEALTH_ASSESSMENT) == {
        in_year.pk: True
    }
    assert care.return_interviews_in_period(start=START, end=END) == []
