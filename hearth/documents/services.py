"""Keeping a document on a child's record: checked (size, type by content, virus scan), stored
outside the database under a random name, recorded and audited in one action; archived with a
reason, never deleted by a user."""

from __future__ import annotations

import hashlib
import os
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from hearth.access.models import AuditEntry
from hearth.core.services import create_recorded, write_audit
from hearth.documents import scanning
from hearth.documents.models import Document
from hearth.people.models import Child

MB = 1024 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# extension → (content type served, how the content must start / what it must hold)
TYPES: dict[str, tuple[str, str]] = {
    ".pdf": ("application/pdf", "pdf"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "ooxml",
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ooxml"),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "ooxml",
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", "odf"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", "odf"),
    ".doc": ("application/msword", "ole2"),
    ".xls": ("application/vnd.ms-excel", "ole2"),
    ".rtf": ("application/rtf", "rtf"),
    ".txt": ("text/plain; charset=utf-8", "text"),
    ".jpg": ("image/jpeg", "jpeg"),
    ".jpeg": ("image/jpeg", "jpeg"),
    ".png": ("image/png", "png"),
}
ACCEPTED = ", ".join(sorted({e.lstrip(".").upper() for e in TYPES if e != ".jpeg"}))


def documents_dir() -> Path:
    return Path(settings.HEARTH_DOCUMENTS_DIR)


def max_bytes() -> int:
    return int(settings.HEARTH_DOCUMENT_MAX_MB) * MB


def path_of(document: Document) -> Path:
    return documents_dir() / document.stored_name


def _content_matches(path: Path, kind: str) -> bool:
    with path.open("rb") as f:
        head = f.read(8)
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "ole2":
        return head == OLE2
    if kind == "rtf":
        return head.startswith(b"{\\rtf")
    if kind == "jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if kind == "png":
        return head == b"\x89PNG\r\n\x1a\n"
    if kind == "text":
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return b"\x00" not in data
    if kind in ("ooxml", "odf"):
        if not zipfile.is_zipfile(path):
            return False
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
        return "[Content_Types].xml" in names if kind == "ooxml" else "mimetype" in names
    return False


def _check(upload: UploadedFile) -> tuple[str, str]:
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in TYPES:
        raise ValidationError({"file": f"The selected file must be a {ACCEPTED} file"}, code="type")
    if upload.size == 0:
        raise ValidationError({"file": "The selected file is empty"}, code="empty")
    if upload.size > max_bytes():
        raise ValidationError(
            {
                "file": f"The selected file must be smaller than {settings.HEARTH_DOCUMENT_MAX_MB} MB"
            },
            code="size",
        )
    return name, extension


def document_upload(
    *,
    child: Child,
    upload: UploadedFile,
    title: str,
    kind: str,
    document_date=None,
    acting_user,
    request=None,
) -> Document:
    """Check, scan and keep an uploaded file on the child's record. A refused file is not kept
    (and the refusal is audited with the reason); nothing identifying the file's content is
    written to the audit log beyond its name, size and hash."""
    name = os.path.basename(upload.name or "")
    stored_name = f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}"
    final = documents_dir() / stored_name
    partial = final.with_suffix(".part")
    digest = hashlib.sha256()
    try:
        name, extension = _check(upload)
        content_type, kind_of_content = TYPES[extension]
        final.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("xb") as out:
            for chunk in upload.chunks():
                digest.update(chunk)
                out.write(chunk)
        os.chmod(partial, 0o600)
        if not _content_matches(partial, kind_of_content):
            raise ValidationError(
                {"file": f"The selected file is not a real {extension.lstrip('.').upper()} file"},
                code="content",
            )
        result = scanning.scan_file(partial)
        if result.outcome == "infected":
            raise ValidationError(
                {"file": f"The selected file contains a virus ({result.detail}) and was not kept"},
                code="virus",
            )
        if result.outcome == "error":
            raise ValidationError(
                {"file": "The selected file could not be checked for viruses. Try again later"},
                code="scan_error",
            )
        if result.outcome == "not_scanned" and settings.HEARTH_REQUIRE_VIRUS_SCAN:
            raise ValidationError(
                {"file": "Uploads are switched off: no virus scanner is available"},
                code="no_scanner",
            )
        document = Document(
            child=child,
            title=title,
            kind=kind,
            document_date=document_date,
            original_name=name[:255],
            content_type=content_type,
            size=upload.size,
            sha256=digest.hexdigest(),
            stored_name=stored_name,
            scan_status=Document.Scan.CLEAN
            if result.outcome == "clean"
            else Document.Scan.NOT_SCANNED,
            scan_detail=result.detail[:200],
        )
        partial.rename(final)
    except ValidationError as exc:
        partial.unlink(missing_ok=True)
        write_audit(
            acting_user=acting_user,
            action=AuditEntry.Action.REFUSED,
            what="Document refused",
            child=child,
            request=request,
            detail={"file": name[:120], "size": upload.size, "reason": exc.messages[0]},
        )
        raise
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    try:
        with transaction.atomic():
            create_recorded(
                document, acting_user=acting_user, what="Document added", request=request
            )
    except BaseException:
        final.unlink(missing_ok=True)
        raise
    return document


@transaction.atomic
def document_archive(*, document: Document, reason: str, acting_user, request=None) -> Document:
    """Take a document off the record (wrong child, duplicate, superseded) with a reason. The file
    and the record are kept for the retention job; the record's history shows the archive."""
    reason = " ".join(reason.split())
    if len(reason) < 10:
        raise ValidationError({"reason": "Give the reason in at least 10 characters"})
    document.archived_at = timezone.now()
    document.archived_reason = reason[:200]
    document.save(update_fields=["archived_at", "archived_reason", "updated_at"])
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.DELETE,
        what="Document removed from the record",
        child=document.child,
        records=[document],
        request=request,
        detail={"reason": reason},
    )
    return document
