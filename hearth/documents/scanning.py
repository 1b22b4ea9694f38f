"""The virus-scanner hook: every upload is scanned before it is kept.

``HEARTH_VIRUS_SCANNER`` chooses the scanner: ``auto`` (the default) uses ClamAV's
``clamdscan`` (the daemon, fast) or ``clamscan`` when Debian's ``clamav`` package is installed,
and records "not checked" when neither is; ``none`` never scans; any other value is the path of a
command with ClamAV's interface (file path as the last argument; exit 0 clean, 1 infected with
``<path>: <signature> FOUND`` on stdout, 2 error). ``HEARTH_REQUIRE_VIRUS_SCAN`` refuses uploads
when no scanner is available (set it in production)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SCAN_TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class ScanResult:
    outcome: str  # "clean", "infected", "error" or "not_scanned"
    detail: str = ""


def scanner_command() -> list[str] | None:
    choice = getattr(settings, "HEARTH_VIRUS_SCANNER", "auto") or "auto"
    if choice == "none":
        return None
    if choice != "auto":
        return [choice]
    if shutil.which("clamdscan"):
        return ["clamdscan", "--no-summary", "--fdpass"]
    if shutil.which("clamscan"):
        return ["clamscan", "--no-summary"]
    return None


def scan_file(path: Path) -> ScanResult:
    command = scanner_command()
    if command is None:
        return ScanResult("not_scanned", "No virus scanner is installed")
    try:
        done = subprocess.run(
            [*command, str(path)],
            capture_output=True,
            text=True,
            timeout=SCAN_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return ScanResult("error", f"The virus scanner could not run: {exc.__class__.__name__}")
    if done.returncode == 0:
        return ScanResult("clean", Path(command[0]).name)
    if done.returncode == 1:
        found = [line for line in done.stdout.splitlines() if line.rstrip().endswith("FOUND")]
        signature = found[0].rsplit(":", 1)[-1].replace("FOUND", "").strip() if found else ""
        return ScanResult("infected", signature or "a virus")
    return ScanResult("error", (done.stderr or done.stdout).strip()[:150])
