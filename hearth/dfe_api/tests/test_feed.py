"""End to end against a stub of DfE's API on loopback (``stub.py``): what is sent, in what
batches, retried how, purged when, and resumed after a failure without duplicates."""

import datetime as dt
import json
import urllib.request

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from hearth.casework.tests.factories import AssessmentFactory, CINEpisodeFactory
from hearth.dfe_api import services
from hearth.dfe_api.models import ChildState, Submission
from hearth.dfe_api.tests.stub import Clock, StubDfE

pytestmark = pytest.mark.django_db


def referred(n):
    return [CINEpisodeFactory() for _ in range(n)]


def test_a_first_run_sends_every_child_in_batches_of_at_most_100(stub):
    referred(230)
    report = services.send(sleep=stub.clock.sleep)
    assert [len(body) for body in stub.accepted] == [100, 100, 30]
    assert report.sent == 230


def test_the_stub_refuses_more_than_100_children_in_one_call(stub):
    body = json.dumps([{"la_child_id": f"C{n}"} for n in range(101)]).encode()
    req = urllib.request.Request(
        f"{stub.base_url}/children_social_care_data/874/children",
        data=body,
        headers={"Authorization": "Bearer test-token", "Content-Type": "application/json"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req)
    assert e.value.code == 413


def test_a_second_run_sends_only_the_child_whose_record_changed(stub):
    episodes = referred(3)
    services.send(sleep=stub.clock.sleep)
    AssessmentFactory(cin_episode=episodes[1])
    report = services.send(sleep=stub.clock.sleep)
    assert [c["la_child_id"] for c in stub.accepted[-1]] == [episodes[1].child.la_child_id]
    assert report.unchanged == 2


def test_a_run_with_nothing_changed_sends_nothing(stub):
    referred(2)
    services.send(sleep=stub.clock.sleep)
    services.send(sleep=stub.clock.sleep)
    assert len(stub.requests) == 1


def test_full_sends_every_child_again(stub):
    referred(2)
    services.send(sleep=stub.clock.sleep)
    services.send(mode="full", sleep=stub.clock.sleep)
    assert [len(b) for b in stub.accepted] == [2, 2]


def test_changes_since_sends_the_children_changed_after_the_date(stub):
    old, new = referred(2)
    type(old).objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=9))
    type(old.child).objects.filter(pk=old.child_id).update(
        updated_at=timezone.now() - dt.timedelta(days=9)
    )
    services.send(mode="since", since=timezone.localdate() - dt.timedelta(days=1))
    assert stub.accepted_children() == [new.child.la_child_id]


def test_a_429_is_retried_after_the_servers_retry_after(settings):
    settings.DFE_API_TOKEN = "test-token"
    clock = Clock()
    referred(250)
    with StubDfE(clock=clock, per_window=2, window=60) as stub:
        report = services.send(base_url=stub.base_url, sleep=clock.sleep)
    assert stub.requests == [200, 200, 429, 200]
    assert clock.sleeps == [61.0]
    assert report.ok and len(stub.accepted_children()) == 250


def test_a_passing_500_is_retried_with_exponential_backoff(stub, monkeypatch):
    referred(1)
    stub.fail_from = 1
    original = stub.clock.sleep

    def heal_after_two(seconds):
        original(seconds)
        if len(stub.clock.sleeps) == 2:
            stub.fail_from = None

    report = services.send(sleep=heal_after_two)
    assert stub.requests == [500, 500, 200]
    assert stub.clock.sleeps == [2, 4]
    assert report.ok


def test_a_run_that_fails_midway_resumes_on_the_next_run_without_duplicates(stub):
    episodes = referred(350)
    stub.fail_from = 3  # the third batch never gets through
    first = services.send(sleep=stub.clock.sleep)
    assert first.failed_batch.batch == 3 and first.failed_batch.http_status == 500
    assert first.failed_batch.attempts == 4  # the first try and three retries
    assert len(stub.accepted_children()) == 200
    stub.fail_from = None
    second = services.send(sleep=stub.clock.sleep)
    sent = stub.accepted_children()
    assert second.ok and second.sent == 150
    assert sorted(sent) == sorted(e.child.la_child_id for e in episodes)
    assert len(sent) == len(set(sent))


def test_the_log_records_each_batch_with_its_status_and_response(stub):
    referred(120)
    services.send(sleep=stub.clock.sleep)
    logs = list(Submission.objects.order_by("batch"))
    assert [(s.batch, s.child_count, s.http_status, s.status) for s in logs] == [
        (1, 100, 200, "accepted"),
        (2, 20, 200, "accepted"),
    ]
    assert len(json.loads(logs[1].response_body)) == 20


def test_an_archived_child_is_purged_once(stub):
    gone, _kept = referred(2)
    services.send(sleep=stub.clock.sleep)
    gone.child.archived_at = timezone.now()
    gone.child.archived_reason = "Duplicate record"
    gone.child.save()
    services.send(sleep=stub.clock.sleep)
    services.send(sleep=stub.clock.sleep)
    assert stub.accepted[1] == [{"la_child_id": gone.child.la_child_id, "purge": True}]
    assert len(stub.accepted) == 2
    assert ChildState.objects.get(la_child_id=gone.child.la_child_id).purged


def test_an_archived_assessment_is_sent_with_its_purge_flag(stub):
    ep = CINEpisodeFactory()
    assessment = AssessmentFactory(cin_episode=ep)
    services.send(sleep=stub.clock.sleep)
    assessment.archived_at = timezone.now()
    assessment.save()
    services.send(sleep=stub.clock.sleep)
    episode = stub.accepted[-1][0]["social_care_episodes"][0]
    assert episode["child_and_family_assessments"] == [
        {"child_and_family_assessment_id": f"ASM{assessment.pk}", "purge": True}
    ]


def test_a_dry_run_writes_the_batches_and_sends_nothing(stub, tmp_path):
    referred(3)
    services.send(dry_run_dir=tmp_path)
    written = json.loads((tmp_path / "dfe-api-batch-0001.json").read_text())
    assert len(written) == 3 and stub.requests == []
    assert not ChildState.objects.exists()


def test_the_command_fails_with_a_message_when_a_batch_is_refused(stub):
    referred(1)
    stub.token = "another-token"
    with pytest.raises(CommandError, match="HTTP 401"):
        call_command("dfe_api", "send")


def test_the_command_reports_what_it_sent(stub, capsys):
    referred(2)
    call_command("dfe_api", "send", "--full")
    assert "2 sent, 0 purged" in capsys.readouterr().out


def test_a_token_is_fetched_with_the_client_credentials_grant(stub, settings):
    settings.DFE_API_TOKEN = ""
    settings.DFE_API_TOKEN_URL = f"{stub.base_url}/token"
    settings.DFE_API_CLIENT_ID, settings.DFE_API_CLIENT_SECRET = "hearth", "s"
    referred(1)
    assert services.send(sleep=stub.clock.sleep).ok
    assert stub.requests == [200, 200]  # the token, then the batch


def test_a_child_dfe_would_refuse_is_reported_and_the_others_are_sent(stub):
    bad, good = referred(2)
    type(bad.child).objects.filter(pk=bad.child_id).update(la_child_id="C-0001")
    report = services.send(sleep=stub.clock.sleep)
    assert list(report.invalid) == ["C-0001"]
    assert stub.accepted_children() == [good.child.la_child_id]
