"""English Unique Pupil Numbers (UPN) and NHS numbers: checking and making them.

A UPN has 13 characters: a check letter, the 3-digit DfE number of the allocating LA, the
4-digit establishment number, the 2-digit year of allocation and a 3-digit serial. A temporary
UPN ends in a letter instead of the last serial digit.

The check letter follows DfE's UPN guide, as the CIN census validator implements it
(``csc-validator-be-cin`` 0.1.13, rule 1510): multiply characters 2-13 by the weights 2-13, sum,
take the remainder mod 23 and read it off ``CHECK_LETTERS`` (A-Z without I, O and S). A letter
in position 13 (temporary UPN) counts as its index in ``CHECK_LETTERS``; rule 1510 skips such
UPNs, so the validator never checks their letter.

The CIN census also rejects a UPN whose characters 2-4 are not a recognised LA number
(rule 1530): ``UPN_LA_NUMBERS`` is that list as of the 2023-24 rule set.

Synthetic NHS numbers come from the 999 range that NHS England never issues to patients.
"""

from __future__ import annotations

import random
import re

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
"""UPN check letters; the letter at index ``n`` stands for remainder ``n`` (mod 23)."""


def _la_numbers() -> frozenset[int]:
    ranges = [
        (1, 5),
        (201, 213),
        (301, 320),
        (330, 336),
        (340, 344),
        (350, 359),
        (370, 373),
        (380, 384),
        (390, 394),
        (660, 681),
        (701, 708),
        (800, 803),
        (805, 808),
        (810, 813),
        (820, 823),
        (835, 839),
        (850, 852),
        (855, 857),
        (865, 896),
        (935, 938),
        (940, 941),
    ]
    singles = [420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909]
    singles += [916, 919, 921, 925, 926, 928, 929, 931, 933, 942, 943]
    numbers = {n for low, high in ranges for n in range(low, high + 1)}
    return frozenset(numbers.union(singles))


UPN_LA_NUMBERS: frozenset[int] = _la_numbers()
"""LA numbers the CIN validator accepts in UPN characters 2-4 (rule 1530, 2023-24 rule set, which
added 942 and 943): "a valid post April 1998 LA code or a recognised pseudo LA code"."""

_UPN_BODY = re.compile(r"[0-9]{11}[0-9A-HJ-NP-RT-Z]")
_UPN = re.compile(r"[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]")


def upn_check_letter(body12: str) -> str:
    """The check letter for UPN characters 2-13 (``body12``: 11 digits, then a digit or letter).

    >>> upn_check_letter("950000178301")
    'A'
    """
    if not isinstance(body12, str) or not _UPN_BODY.fullmatch(body12):
        raise ValueError(f"UPN body must be 11 digits then a digit or check letter: {body12!r}")
    total = 0
    for weight, char in enumerate(body12, start=2):
        value = int(char) if char.isdigit() else CHECK_LETTERS.index(char)
        total += weight * value
    return CHECK_LETTERS[total % 23]


def is_valid_upn(upn: str, *, check_la: bool = True) -> bool:
    """Is ``upn`` a well-formed UPN with the right check letter?

    With ``check_la`` (the default) characters 2-4 must also be a recognised LA number, as the
    CIN census requires. Upper case only, no spaces: the returns carry UPNs exactly like that.
    """
    if not isinstance(upn, str) or not _UPN.fullmatch(upn):
        return False
    if check_la and int(upn[1:4]) not in UPN_LA_NUMBERS:
        return False
    return upn_check_letter(upn[1:]) == upn[0]


def make_upn(*, la_number: int, establishment: int, year: int, serial: int) -> str:
    """A permanent UPN with its check letter.

    ``year`` is the year of allocation, two digits (``15``) or four (``2015``). ``la_number``
    must be one the CIN census accepts (``UPN_LA_NUMBERS``) so that made-up UPNs pass it.
    """
    if la_number not in UPN_LA_NUMBERS:
        raise ValueError(f"{la_number} is not an LA number the CIN census accepts in a UPN")
    if 1900 <= year <= 2099:
        year %= 100
    for name, value, top in (
        ("establishment", establishment, 9999),
        ("year", year, 99),
        ("serial", serial, 999),
    ):
        if not isinstance(value, int) or not 0 <= value <= top:
            raise ValueError(f"{name} must be a whole number from 0 to {top}, not {value!r}")
    body = f"{la_number:03d}{establishment:04d}{year:02d}{serial:03d}"
    return upn_check_letter(body) + body


# --------------------------------------------------------------------------------------------
# NHS numbers
# --------------------------------------------------------------------------------------------

_NHS = re.compile(r"[0-9]{10}")


def _nhs_check_digit(first9: str) -> int | None:
    """Modulus 11 check digit for the first nine digits; ``None`` if no valid number exists."""
    total = sum(int(digit) * weight for digit, weight in zip(first9, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid_nhs_number(value: str) -> bool:
    """Is ``value`` ten digits (spaces allowed, as in ``943 476 5919``) with a valid check digit?"""
    if not isinstance(value, str):
        return False
    digits = value.replace(" ", "")
    if not _NHS.fullmatch(digits):
        return False
    return _nhs_check_digit(digits[:9]) == int(digits[9])


def is_synthetic_nhs_number(value: str) -> bool:
    """Is ``value`` a valid NHS number in the 999 test range that is never issued to anyone?"""
    return is_valid_nhs_number(value) and value.replace(" ", "").startswith("999")


def make_nhs_number(rng: random.Random | None = None) -> str:
    """A random valid NHS number in the 999 test range, as ten digits without spaces."""
    rng = rng or random.Random()
    while True:
        first9 = "999" + f"{rng.randrange(1_000_000):06d}"
        check = _nhs_check_digit(first9)
        if check is not None:
            return f"{first9}{check}"
