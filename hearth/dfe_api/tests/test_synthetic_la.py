"""The whole synthetic LA (small): every child in scope gets a payload DfE's schema accepts,
the stub takes it all in batches of 100, and a second run sends nothing."""

import datetime as dt

import pytest

from hearth.dfe_api import services
from hearth.synthetic.build import build


@pytest.mark.slow
@pytest.mark.django_db
def test_the_synthetic_la_is_sent_whole_and_valid_then_not_again(stub):
    build(seed=3, size="small", as_of=dt.date(2025, 3, 31))
    first = services.send(sleep=stub.clock.sleep)
    assert first.invalid == {}
    assert first.in_scope > 500 and first.sent == first.in_scope
    assert all(status == 200 for status in stub.requests)
    assert max(len(body) for body in stub.accepted) == 100
    again = services.send(sleep=stub.clock.sleep)
    assert again.sent == 0 and again.unchanged == first.in_scope
