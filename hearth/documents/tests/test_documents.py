"""Documents on a child's record: checked, scanned, stored outside the database, downloaded only
by those who may see the child, audited, removed with a reason (never deleted)."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hearth.access.models import AuditEntry
from hearth.access.tests.signin import force_login_verified
from hearth.documents import scanning, services
from hearth.documents.models import Document
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture(autouse=True)
def store(tmp_path, settings):
    settings.HEARTH_DOCUMENTS_DIR = str(tmp_path / "documents")
    settings.HEARTH_VIRUS_SCANNER = "none"
    settings.HEARTH_REQUIRE_VIRUS_SCAN = False
    return Path(settings.HEARTH_DOCUMENTS_DIR)


@pytest.fixture
def fake_clamav(tmp_path, settings):
    """A command with ClamAV's interface (``clamscan FILE``: exit 0 clean, 1 + 'FOUND' infected),
    so the hook is tested on every machine; the real ClamAV needs a signature download."""
    script = tmp_path / "clamscan"
    script.write_text(
        "#!/bin/sh\n"
        "for f; do :; done\n"
        'if grep -q "EICAR-STANDARD-ANTIVIRUS-TEST-FILE" "$f"; then\n'
        '  echo "$f: Eicar-Test-Signature FOUND"; exit 1; fi\n'
        'if grep -q "SCANNER-BREAKS" "$f"; then echo "Can\'t open" >&2; exit 2; fi\n'
        'echo "$f: OK"; exit 0\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    settings.HEARTH_VIRUS_SCANNER = str(script)
    return script


@pytest.fixture
def world():
    team = TeamFactory()
    worker = WorkerFactory(team=team)
    manager = WorkerFactory(team=team, role="team_manager", user__role="team_manager")
    team.manager = manager
    team.save()
    child = ChildFactory()
    AllocationFactory(child=child, worker=worker)
    return {"worker": worker, "manager": manager, "child": child}


def _upload(world, name="plan.pdf", content=PDF, **kw):
    return services.document_upload(
        child=world["child"],
        upload=SimpleUploadedFile(name, content),
        title=kw.pop("title", "Care plan"),
        kind=kw.pop("kind", "plan"),
        acting_user=kw.pop("acting_user", world["worker"].user),
        **kw,
    )


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_pdf_is_kept_outside_the_database_under_a_random_name(world, store):
    document = _upload(world)
    path = services.path_of(document)
    assert path.read_bytes() == PDF
    assert path.is_relative_to(store)
    assert "plan" not in document.stored_name
    assert document.size == len(PDF) and len(document.sha256) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert AuditEntry.objects.filter(child=world["child"], what="Document added").exists()


def test_an_office_document_is_accepted(world):
    assert _upload(world, name="letter.docx", content=_docx()).content_type.endswith(
        "wordprocessingml.document"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ...", "must be a"),
        ("plan.pdf", b"<html>not a pdf</html>", "is not a real PDF file"),
        ("letter.docx", PDF, "is not a real DOCX file"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_refused_files_are_not_kept_and_the_refusal_is_audited(
    world, store, name, content, message
):
    with pytest.raises(ValidationError) as exc:
        _upload(world, name=name, content=content)
    assert message in exc.value.message_dict["file"][0]
    assert not Document.objects.exists()
    assert not [p for p in store.rglob("*") if p.is_file()]
    refusal = AuditEntry.objects.get(what="Document refused")
    assert refusal.child == world["child"] and message in refusal.detail["reason"]


def test_a_file_over_the_size_limit_is_refused(world, settings):
    settings.HEARTH_DOCUMENT_MAX_MB = 1
    with pytest.raises(ValidationError, match="smaller than 1 MB"):
        _upload(world, content=PDF + b"0" * (1024 * 1024))


def test_the_scanner_hook_refuses_a_virus(world, store, fake_clamav):
    with pytest.raises(ValidationError, match="contains a virus \\(Eicar-Test-Signature\\)"):
        _upload(world, name="notes.txt", content=EICAR)
    assert not Document.objects.exists()
    assert not [p for p in store.rglob("*") if p.is_file()]


def test_the_scanner_hook_marks_a_clean_file_checked(world, fake_clamav):
    assert _upload(world).scan_status == Document.Scan.CLEAN


def test_a_scanner_error_refuses_the_upload(world, fake_clamav):
    with pytest.raises(ValidationError, match="could not be checked for viruses"):
        _upload(world, name="notes.txt", content=b"SCANNER-BREAKS")


def test_without_a_scanner_uploads_are_marked_not_checked(world):
    assert _upload(world).scan_status == Document.Scan.NOT_SCANNED


def test_production_can_require_a_scanner(world, settings):
    settings.HEARTH_REQUIRE_VIRUS_SCAN = True
    with pytest.raises(ValidationError, match="no virus scanner is available"):
        _upload(world)


def test_auto_finds_no_scanner_when_clamav_is_not_installed(settings, monkeypatch):
    settings.HEARTH_VIRUS_SCANNER = "auto"
    monkeypatch.setattr(scanning.shutil, "which", lambda name: None)
    assert scanning.scanner_command() is None


def test_download_is_audited_and_served_as_an_attachment(client, world):
    document = _upload(world)
    force_login_verified(client, world["worker"].user)
    response = client.get(reverse("document_download", args=[world["child"].pk, document.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    entry = AuditEntry.objects.get(action="export", child=world["child"])
    assert entry.detail["document"] == document.pk


def test_someone_who_cannot_see_the_child_cannot_download(client, world):
    document = _upload(world)
    force_login_verified(client, WorkerFactory().user)  # another team
    url = reverse("document_download", args=[world["child"].pk, document.pk])
    assert client.get(url).status_code in (403, 404)


def test_a_document_of_another_child_is_not_reachable_through_this_child(client, world):
    document = _upload(world)
    other = ChildFactory()
    AllocationFactory(child=other, worker=world["worker"])
    force_login_verified(client, world["worker"].user)
    url = reverse("document_download", args=[other.pk, document.pk])
    assert client.get(url).status_code == 404


def test_upload_through_the_page(client, world):
    force_login_verified(client, world["worker"].user)
    response = client.post(
        reverse("document_add", args=[world["child"].pk]),
        {
            "file": SimpleUploadedFile("review.pdf", PDF),
            "title": "Review minutes",
            "kind": "minutes",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("child_documents", args=[world["child"].pk])).content.decode()
    assert "Review minutes" in page and "review.pdf" in page


def test_upload_page_shows_the_govuk_error_for_a_refused_file(client, world):
    force_login_verified(client, world["worker"].user)
    response = client.post(
        reverse("document_add", args=[world["child"].pk]),
        {"file": SimpleUploadedFile("x.pdf", b"nope"), "title": "X", "kind": "other"},
    )
    content = response.content.decode()
    assert "govuk-error-summary" in content and "is not a real PDF file" in content


def test_the_author_removes_a_document_with_a_reason(client, world):
    document = _upload(world)
    force_login_verified(client, world["worker"].user)
    url = reverse("document_remove", args=[world["child"].pk, document.pk])
    client.post(url, {"reason": "Uploaded to the wrong child"})
    document.refresh_from_db()
    assert document.archived_reason == "Uploaded to the wrong child"
    assert services.path_of(document).exists()  # kept for the retention job
    assert not client.get(reverse("child_documents", args=[world["child"].pk])).context["documents"]


def test_a_colleague_who_did_not_add_it_cannot_remove_it(client, world):
    document = _upload(world)
    colleague = WorkerFactory(team=world["worker"].team)
    AllocationFactory(child=world["child"], worker=colleague, kind="personal_adviser")
    force_login_verified(client, colleague.user)
    url = reverse("document_remove", args=[world["child"].pk, document.pk])
    assert client.post(url, {"reason": "I do not like it"}).status_code == 403


def test_the_chronology_shows_the_document(world):
    from hearth.core.chronology import chronology_for

    _upload(world, title="Initial health assessment")
    titles = [e.title for e in chronology_for(child=world["child"])]
    assert "Document: Initial health assessment" in titles
