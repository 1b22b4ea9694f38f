import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from hearth.casework.tests.factories import CINEpisodeFactory, SignificantEventFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(child_a):
    CINEpisodeFactory(child=child_a, referral_date=dt.date(2024, 1, 8))
    VisitFactory(child=child_a, date=dt.date(2024, 2, 5), childs_views="I miss my nan.")
    SignificantEventFactory(child=child_a, date=dt.date(2024, 3, 1), title="Moved house")
    return child_a


def _chronology(client, child, **params):
    return client.get(reverse("child_chronology", args=[child.pk]), params)


def test_chronology_is_newest_first(client_a, record):
    dates = [e.date for e in _chronology(client_a, record).context["entries"]]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == dt.date(2024, 3, 1)


def test_chronology_filters_by_one_kind(client_a, record):
    entries = _chronology(client_a, record, kind="visit").context["entries"]
    assert [e.kind for e in entries] == ["visit"]


def test_chronology_filters_by_several_kinds(client_a, record):
    response = client_a.get(
        reverse("child_chronology", args=[record.pk]) + "?kind=visit&kind=significant"
    )
    assert {e.kind for e in response.context["entries"]} == {"visit", "significant"}


def test_chronology_shows_counts_per_kind_whatever_the_filter(client_a, record):
    kinds = {k["value"]: k for k in _chronology(client_a, record, kind="visit").context["kinds"]}
    assert kinds["visit"]["count"] == 1
    assert kinds["referral"]["count"] == 1
    assert kinds["visit"]["checked"] is True
    assert kinds["referral"]["checked"] is False


def test_chronology_shows_the_childs_own_words_as_a_quote(client_a, record):
    content = _chronology(client_a, record).content.decode()
    assert "<blockquote><p>“I miss my nan.”</p></blockquote>" in content


def test_chronology_has_a_print_header_with_filters_applied(client_a, record):
    content = _chronology(client_a, record, kind="visit").content.decode()
    assert "hearth-print-header" in content
    assert "Showing</dt><dd>Visits" in content
    assert "C0000101" in content


def test_unknown_kind_is_ignored_not_an_error(client_a, record):
    response = _chronology(client_a, record, kind="nonsense")
    assert response.status_code == 200
    assert len(response.context["entries"]) == len(_chronology(client_a, record).context["entries"])


def test_chronology_csv_has_a_row_per_entry_newest_first(client_a, record):
    response = client_a.get(reverse("child_chronology_csv", args=[record.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Date", "Kind", "Event", "Detail", "Source"]
    dates = [r[0] for r in rows[1:]]
    assert dates == sorted(dates, reverse=True)
    assert dates[:2] == ["2024-03-01", "2024-02-05"]


def test_chronology_csv_honours_the_kind_filter(client_a, record):
    response = client_a.get(reverse("child_chronology_csv", args=[record.pk]), {"kind": "visit"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][3] == "I miss my nan."


def test_chronology_csv_neutralises_spreadsheet_formulas(client_a, child_a):
    SignificantEventFactory(child=child_a, title='=HYPERLINK("http://x")')
    response = client_a.get(reverse("child_chronology_csv", args=[child_a.pk]))
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")
