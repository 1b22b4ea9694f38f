"""The local authority row: made from the HEARTH_LA_* settings at migrate time, set by an
administrator on its page (audited), and used to refuse a return from another LA."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db.models.signals import post_migrate
from django.urls import reverse

from hearth.access.models import AuditEntry
from hearth.core.authority import authority_from_settings
from hearth.core.models import Authority
from hearth.core.services import system_user

pytestmark = pytest.mark.django_db

LA = {
    "HEARTH_LA_NAME": "Luton",
    "HEARTH_LA_ONS_CODE": "E06000032",
    "HEARTH_LA_NUMBER": 821,
    "HEARTH_LA_POPULATION_0_17": 52_000,
    "HEARTH_LA_REGION": "East of England",
}


def test_migrating_a_fresh_install_creates_the_authority_from_settings(settings):
    settings.TESTING = False
    for name, value in LA.items():
        setattr(settings, name, value)
    post_migrate.send(sender=apps.get_app_config("core"), app_config=apps.get_app_config("core"))
    authority = Authority.objects.get()
    assert (authority.name, authority.ons_code, authority.dfe_number) == ("Luton", "E06000032", 821)
    assert (authority.population_0_17, authority.region) == (52_000, "East of England")


def test_migrating_again_updates_the_authority_but_keeps_a_population_the_settings_lack(settings):
    Authority.objects.create(
        name="Old", ons_code="E06000031", dfe_number=874, population_0_17=50_000
    )
    for name, value in LA.items():
        setattr(settings, name, value)
    settings.HEARTH_LA_POPULATION_0_17 = 0
    authority_from_settings()
    authority = Authority.objects.get()
    assert (authority.name, authority.dfe_number, authority.population_0_17) == (
        "Luton",
        821,
        50_000,
    )


@pytest.fixture
def admin_client(client):
    from hearth.access.tests.factories import UserFactory
    from hearth.access.tests.signin import force_login_verified

    force_login_verified(client, UserFactory(role="admin"))
    return client


def test_an_administrator_sets_the_authority_and_it_is_audited(admin_client):
    response = admin_client.post(
        reverse("local_authority"),
        {
            "name": "Luton",
            "ons_code": "E06000032",
            "dfe_number": "821",
            "population_0_17": "52000",
            "region": "",
        },
    )
    assert response.status_code == 302
    assert Authority.objects.get().dfe_number == 821
    assert AuditEntry.objects.filter(what__startswith="Local authority: Luton").exists()


def test_a_bad_ons_code_is_shown_in_the_error_summary(admin_client):
    response = admin_client.post(
        reverse("local_authority"),
        {"name": "Luton", "ons_code": "LUTON", "dfe_number": "821", "population_0_17": "1"},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "letter and 8 digits" in response.content.decode()
    assert not Authority.objects.exists()


def test_a_fresh_install_refuses_another_las_cin_return_by_file_line_and_element(tmp_path):
    from hearth.returns.importers.cin import import_cin
    from hearth.returns.importers.common import ImportFailed
    from hearth.returns.tests.test_import_fidelity import cin_child, cin_file

    authority_from_settings()  # Peterborough, 874, as migrate makes it
    xml = cin_file(
        tmp_path / "luton.xml", cin_child("CP001", "2016-04-02", "2025-05-06", "2025-07-01", 0)
    )
    xml.write_text(xml.read_text().replace("<LEA>874</LEA>", "<LEA>821</LEA>"))
    with pytest.raises(ImportFailed) as exc:
        import_cin(xml, acting_user=system_user())
    [issue] = exc.value.issues
    line = next(n for n, s in enumerate(xml.read_text().splitlines(), 1) if "<LEA>" in s)
    assert (issue.file, issue.row, issue.column) == ("luton.xml", line, "LEA")
    assert "Hearth serves LA 874" in issue.message
