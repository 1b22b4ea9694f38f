"""Check an Annex A workbook with the sector's cleaner (liiatools), across a process boundary.

liiatools 0.2.0 pins pandas < 2 and a cchardet that does not build on Python 3.11, so it lives
in its own virtual environment (``.venv-liiatools``, ``requirements-liiatools.txt``; the Python
is ``settings.LIIATOOLS_PYTHON`` or ``$HEARTH_LIIATOOLS_PYTHON``). ``runner/run_liiatools.py``
does the cleaning and returns a JSON report (see its docstring for the fields).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from django.conf import settings

RUNNER = Path(__file__).resolve().parent / "runner" / "run_liiatools.py"


class LiiatoolsUnavailable(RuntimeError):
    """``.venv-liiatools`` has not been built."""


def liiatools_python() -> str:
    return getattr(settings, "LIIATOOLS_PYTHON", None) or os.environ.get(
        "HEARTH_LIIATOOLS_PYTHON",
        str(Path(settings.PROJECT_DIR) / ".venv-liiatools" / "bin" / "python"),
    )


def clean_annex_a(path: str | Path, *, extend_codes: bool = True) -> dict:
    """Run liiatools's Annex A cleaner on ``path``; the report (``report["clean"]`` is True when
    nothing was blanked, flagged, changed or dropped)."""
    python = liiatools_python()
    if not Path(python).exists():
        raise LiiatoolsUnavailable(
            f"liiatools is not installed ({python} missing): see requirements-liiatools.txt"
        )
    args = [python, str(RUNNER), "--xlsx", str(path)]
    if extend_codes:
        args.append("--extend-codes")
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"liiatools runner failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def cleanfile_annex_a(path: str | Path, *, out_dir: str | Path, la_code: str) -> dict:
    """Run liiatools' own ``annex-a cleanfile`` on ``path`` end to end (as an LA runs it),
    writing the cleaned workbook to ``out_dir``. ``la_code`` is liiatools' three-letter code for
    the authority. The report: ``error`` (None, or the exception and traceback), ``outputs``,
    ``logs`` and ``cleaned`` ({file: {sheet: rows}})."""
    python = liiatools_python()
    if not Path(python).exists():
        raise LiiatoolsUnavailable(
            f"liiatools is not installed ({python} missing): see requirements-liiatools.txt"
        )
    args = [python, str(RUNNER), "--xlsx", str(path), "--cleanfile", str(out_dir)]
    args += ["--la-code", la_code]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"liiatools runner failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)
