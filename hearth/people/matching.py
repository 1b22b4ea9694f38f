"""Search before create: is the child a contact is about already known?

Matching follows the order the consistent child identifier (Children Act 2004 s16LC) sets: the
NHS number first, then names, date of birth and postcode, allowing for how names are misheard
and mistyped at a front door (phonetic keys from jellyfish, Jaro-Winkler similarity from
rapidfuzz) and for dates with the day and month swapped. The database narrows the children to a
few candidates (same NHS number, same or swapped date of birth, same family name, or the same
postcode); the scoring then ranks them and explains each match in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import jellyfish
from django.db.models import Q, QuerySet
from rapidfuzz.distance import JaroWinkler

from hearth.people.models import Child

SIMILAR = 0.88
"""Jaro-Winkler similarity at or above which two names count as the same name mistyped
(Jon/John 0.93, Katherine/Catherine 0.93, Smith/Smyth 0.89; Amelia/Emily 0.73 does not)."""

THRESHOLD = 50
"""The score a candidate needs to be offered (see `_score`)."""

LIMIT = 10


@dataclass(order=True)
class Match:
    sort_key: tuple = field(repr=False)
    child: Child = field(compare=False)
    score: int = field(compare=False)
    reasons: list[str] = field(compare=False, default_factory=list)

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


def _norm(name: str) -> str:
    return "".join(ch for ch in (name or "").lower() if ch.isalpha())


def names_alike(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    if a == b:
        return True
    if JaroWinkler.similarity(a, b) >= SIMILAR:
        return True
    key = jellyfish.metaphone(a)
    return len(key) >= 2 and key == jellyfish.metaphone(b)


def _swapped(day: dt.date) -> dt.date | None:
    if day.day > 12 or day.day == day.month:
        return None
    try:
        return day.replace(day=day.month, month=day.day)
    except ValueError:
        return None


def _current_postcodes(children: list[Child]) -> dict[int, str]:
    from hearth.people.models import Address

    rows = (
        Address.objects.live()
        .filter(child__in=children, end_date__isnull=True)
        .order_by("child_id", "-start_date")
        .values_list("child_id", "postcode")
    )
    found: dict[int, str] = {}
    for child_id, postcode in rows:
        found.setdefault(child_id, postcode)
    return found


def _compact_postcode(value: str) -> str:
    return (value or "").replace(" ", "").upper()


def _score(
    child: Child,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date | None,
    expected_date_of_birth: dt.date | None,
    nhs_number: str,
    postcode: str,
    child_postcode: str,
) -> Match | None:
    """Points: same NHS number 100; same date of birth 40 (swapped day/month 25; an unborn
    child's expected date within 4 weeks 30); family name the same 30 or alike 20; first name
    the same 20 or alike 15; same postcode 15. A different NHS number where both are known
    rules the child out."""
    reasons: list[str] = []
    score = 0
    if nhs_number and child.nhs_number:
        if child.nhs_number == nhs_number:
            return Match((-100, child.last_name, child.pk), child, 100, ["Same NHS number"])
        return None
    if date_of_birth and child.date_of_birth:
        if child.date_of_birth == date_of_birth:
            score += 40
            reasons.append("same date of birth")
        elif child.date_of_birth == _swapped(date_of_birth):
            score += 25
            reasons.append("date of birth with day and month swapped")
    expected = expected_date_of_birth or date_of_birth
    unborn = child.date_of_birth is None and child.expected_date_of_birth is not None
    if expected and unborn and abs((child.expected_date_of_birth - expected).days) <= 28:
        score += 30
        reasons.append("expected date of birth within 4 weeks")
    if _norm(child.last_name) == _norm(last_name):
        score += 30
        reasons.append("same family name")
    elif names_alike(child.last_name, last_name):
        score += 20
        reasons.append(f"family name sounds alike ({child.last_name} / {last_name})")
    given = {child.first_name, child.preferred_name} - {""}
    if any(_norm(n) == _norm(first_name) for n in given):
        score += 20
        reasons.append("same first name")
    elif any(names_alike(n, first_name) for n in given):
        score += 15
        reasons.append(f"first name sounds alike ({child.first_name} / {first_name})")
    if postcode and child_postcode and _compact_postcode(postcode) == child_postcode:
        score += 15
        reasons.append("same postcode")
    if score < THRESHOLD:
        return None
    reasons[0] = reasons[0][0].upper() + reasons[0][1:]
    return Match((-score, child.last_name, child.pk), child, score, reasons)


def possible_matches(
    *,
    children: QuerySet[Child],
    first_name: str,
    last_name: str,
    date_of_birth: dt.date | None,
    expected_date_of_birth: dt.date | None = None,
    nhs_number: str = "",
    postcode: str = "",
) -> list[Match]:
    """Children among `children` who may be the child described, best first, each with why."""
    nhs_number = (nhs_number or "").replace(" ", "")
    postcode = _compact_postcode(postcode)
    narrow = Q(last_name__iexact=last_name.strip())
    if nhs_number:
        narrow |= Q(nhs_number=nhs_number)
    for day in (date_of_birth, date_of_birth and _swapped(date_of_birth)):
        if day:
            narrow |= Q(date_of_birth=day)
    expected = expected_date_of_birth or date_of_birth
    if expected:
        window = dt.timedelta(days=28)
        narrow |= Q(
            date_of_birth__isnull=True,
            expected_date_of_birth__range=(expected - window, expected + window),
        )
    if postcode:
        narrow |= Q(
            pk__in=_children_at(postcode).values("child_id"),
        )
    found = list(children.filter(narrow).order_by("pk")[:500])
    postcodes = _current_postcodes(found) if postcode else {}
    scored = [
        m
        for c in found
        if (
            m := _score(
                c,
                first_name=first_name,
                last_name=last_name,
                date_of_birth=date_of_birth,
                expected_date_of_birth=expected_date_of_birth,
                nhs_number=nhs_number,
                postcode=postcode,
                child_postcode=_compact_postcode(postcodes.get(c.pk, "")),
            )
        )
    ]
    return sorted(scored)[:LIMIT]


def _children_at(postcode: str):
    from django.db.models import Value
    from django.db.models.functions import Replace, Upper

    from hearth.people.models import Address

    return (
        Address.objects.live()
        .annotate(compact=Replace(Upper("postcode"), Value(" "), Value("")))
        .filter(compact=postcode, end_date__isnull=True)
    )
