import pytest

from hearth.dfe_api.tests.stub import StubDfE


@pytest.fixture
def stub(settings):
    settings.DFE_API_TOKEN = "test-token"
    settings.DFE_API_LA_CODE = 874
    settings.DFE_API_MAX_RETRIES = 3
    settings.DFE_API_BACKOFF_SECONDS = 2
    with StubDfE(token="test-token") as server:
        settings.DFE_API_BASE_URL = server.base_url
        yield server
