"""Records made through the practice forms reach the statutory returns without retyping: a child
protection plan in the CIN census, and a period of care (with its moves, legal status changes,
reviews and missing episodes) in the SSDA903. The returns are only read here."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from lxml import etree

from hearth.casework.tests.conftest import date_parts

pytestmark = pytest.mark.django_db

YEAR = "2024-25"  # 1 April 2024 to 31 March 2025


def _post(client, name, args, data):
    response = client.post(reverse(name, args=args), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_a_cp_plan_started_through_the_forms_is_in_the_cin_census(sw_client, child, cin):
    from hearth.casework.models import Section47Enquiry
    from hearth.returns.cin import build_cin_xml

    _post(
        sw_client,
        "strategy_add",
        [child.pk],
        {
            "police_attended": "yes",
            "health_attended": "yes",
            "section47_agreed": "yes",
            "notes": "Joint enquiry agreed",
            **date_parts("date", dt.date(2024, 5, 1)),
        },
    )
    s47 = Section47Enquiry.objects.get(child=child)
    _post(
        sw_client,
        "section47_complete",
        [child.pk, s47.pk],
        {
            "version": s47.version,
            "outcome": "substantiated",
            "icpc_needed": "yes",
            **date_parts("end_date", dt.date(2024, 5, 10)),
        },
    )
    conference = {"plan_required": "yes", "visit_frequency_days": "10"}
    _post(
        sw_client,
        "conference_add",
        [child.pk],
        {
            **conference,
            "kind": "initial",
            "category": "NEG",
            **date_parts("date", dt.date(2024, 5, 20)),
        },
    )
    _post(
        sw_client,
        "conference_add",
        [child.pk],
        {
            **conference,
            "kind": "review",
            "category": "EMO",
            **date_parts("date", dt.date(2024, 8, 19)),
        },
    )

    xml = etree.fromstring(build_cin_xml(year=YEAR))
    ours = [
        c
        for c in xml.iter("Child")
        if c.findtext("ChildIdentifiers/LAchildID") == child.la_child_id
    ]
    assert len(ours) == 1
    details = ours[0].find("CINdetails")
    assert details.findtext("CINreferralDate") == "2024-01-08"
    assert details.findtext("Section47/S47ActualStartDate") == "2024-05-01"
    assert details.findtext("Section47/DateOfInitialCPC") == "2024-05-20"
    plan = details.find("ChildProtectionPlans")
    assert plan.findtext("CPPstartDate") == "2024-05-20"
    assert plan.findtext("InitialCategoryOfAbuse") == "NEG"
    assert plan.findtext("LatestCategoryOfAbuse") == "EMO"
    assert [r.text for r in plan.iter("CPPreviewDate")] == ["2024-08-19"]


def test_a_period_of_care_started_through_the_forms_is_in_the_903(sw_client, child):
    from hearth.care.models import MissingEpisode
    from hearth.returns.ssda903 import build_903

    placement = {"provider": "PR1", "postcode": "PE3 6AB", "urn": ""}
    _post(
        sw_client,
        "care_start",
        [child.pk],
        {
            "legal_status": "V2",
            "category_of_need": "N4",
            "home_postcode": "PE1 2SN",
            "place": "U6",
            "carer_name": "Mr and Mrs Nowak",
            **placement,
            **date_parts("start_date", dt.date(2024, 6, 3)),
        },
    )
    _post(
        sw_client,
        "placement_change",
        [child.pk],
        {
            "reason_changed": "CHILD",
            "place": "U3",
            "carer_name": "Mrs Adeyemi",
            **placement,
            **date_parts("start_date", dt.date(2024, 9, 2)),
        },
    )
    _post(
        sw_client,
        "legal_status_change",
        [child.pk],
        {"code": "C1", **date_parts("start_date", dt.date(2024, 10, 1))},
    )
    _post(
        sw_client,
        "lac_review_add",
        [child.pk],
        {"participation": "PN1", **date_parts("date", dt.date(2024, 6, 28))},
    )
    _post(
        sw_client,
        "missing_add",
        [child.pk],
        {
            "kind": "M",
            "from_placement": "yes",
            "reported_to_police": "yes",
            "started_at_time": "21:30",
            **date_parts("started_at", dt.date(2024, 11, 8)),
        },
    )
    episode = MissingEpisode.objects.get(child=child)
    _post(
        sw_client,
        "return_interview",
        [child.pk, episode.pk],
        {
            "version": episode.version,
            "returned_at_time": "08:15",
            **date_parts("returned_at", dt.date(2024, 11, 9)),
        },
    )

    tables = build_903(year=YEAR)

    def ours(table):
        return [r for r in tables[table] if r["CHILD"] == child.la_child_id]

    episodes = ours("Episodes")
    assert [(e["DECOM"], e["RNE"], e["LS"], e["PLACE"]) for e in episodes] == [
        ("03/06/2024", "S", "V2", "U6"),
        ("02/09/2024", "P", "V2", "U3"),
        ("01/10/2024", "L", "C1", "U3"),
    ]
    assert episodes[0]["CIN"] == "N4"
    assert episodes[0]["REASON_PLACE_CHANGE"] == "CHILD"  # on the episode the move ended
    assert [r["REVIEW"] for r in ours("Reviews")] == ["28/06/2024"]
    assert [(m["MISSING"], m["MIS_START"], m["MIS_END"]) for m in ours("Missing")] == [
        ("M", "08/11/2024", "09/11/2024")
    ]
