"""Reads about carer households: who was approved on a day, their places and vacancies, the
households a placement may be made with, reviews due, and fostering sufficiency."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from hearth.care.models import Placement
from hearth.carers.models import CarerHousehold, CarerReview, HouseholdMember
from hearth.casework import clocks
from hearth.core import codes

H = CarerHousehold
K = CarerHousehold.Kind

# PLACE code group → the kinds of household a child in it lives with.
KINDS_FOR_GROUP: dict[str, tuple[str, ...]] = {
    "kinship_foster": (K.CONNECTED,),
    "foster": (K.MAINSTREAM, K.AGENCY),
    "adoption": (K.ADOPTERS,),
}
WITH_CURRENT_FOSTER_CARERS = frozenset({"A3", "A5"})
"""Placed for adoption with the current foster carers: the foster household adopts."""

FOSTER_GROUPS = frozenset({"foster", "kinship_foster"})
IN_HOUSE_PROVIDER = "PR1"
AGENCY_PROVIDERS = frozenset({"PR4", "PR5"})


def households_approved_on(*, day: dt.date) -> QuerySet[CarerHousehold]:
    """Households whose approval ran on ``day`` (approved on or before it, not deregistered by
    it). A household on hold stays approved: it offers no vacancy (``vacancies_on``)."""
    return (
        H.objects.live()
        .filter(approval_date__isnull=False, approval_date__lte=day)
        .filter(Q(deregistration_date__isnull=True) | Q(deregistration_date__gt=day))
    )


def kinds_for_place(place: str) -> tuple[str, ...]:
    kinds = KINDS_FOR_GROUP.get(codes.PLACEMENT_GROUP.get(place, ""), ())
    if place in WITH_CURRENT_FOSTER_CARERS:
        kinds = (*kinds, *H.FOSTERING)
    return kinds


def placement_household_errors(
    *, household: CarerHousehold, place: str, provider: str, day: dt.date
) -> dict[str, str]:
    """Why a child may not be placed with ``household`` in this placement (empty when they may):
    it must be approved on the day, of a kind that fits the placement type, and a foster
    placement's provider must be the household's (own LA for in-house carers, private or
    voluntary for agency carers)."""
    errors = {}
    if not household.approved_on(day) or household.archived_at is not None:
        errors["carer_household"] = f"{household.name} was not approved on {day:%-d %b %Y}"
    elif household.kind not in kinds_for_place(place):
        errors["carer_household"] = (
            f"{household.name} are {household.get_kind_display().lower()}: "
            "choose a placement type that fits them, or another household"
        )
    # The provider of a foster placement is the fostering service; of an adoption placement
    # (even with the foster carers, A3/A5), the adoption agency.
    fostering = codes.PLACEMENT_GROUP.get(place) in FOSTER_GROUPS
    if fostering and household.kind in H.IN_HOUSE and provider != IN_HOUSE_PROVIDER:
        errors["provider"] = "In-house carers are own local authority provision (PR1)"
    if fostering and household.kind == K.AGENCY and provider not in AGENCY_PROVIDERS:
        errors["provider"] = "Agency carers are private (PR4) or voluntary (PR5) provision"
    return errors


def placement_choices(*, day: dt.date) -> list[tuple[str, list[tuple[str, str]]]]:
    """Approved households for a placement form, grouped by kind (an optgroup each)."""
    rows = (
        households_approved_on(day=day)
        .order_by("kind", "name")
        .values_list("pk", "name", "reference", "kind", "status")
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    labels = dict(K.choices)
    for pk, name, ref, kind, status in rows:
        hold = " — on hold" if status == H.Status.ON_HOLD else ""
        groups.setdefault(labels[kind], []).append((str(pk), f"{name} ({ref}){hold}"))
    return list(groups.items())


def placements_with(*, household: CarerHousehold) -> QuerySet[Placement]:
    return (
        Placement.objects.live()
        .filter(carer_household=household)
        .select_related("child")
        .order_by("-start_date")
    )


def children_placed_on(*, day: dt.date) -> dict[int, int]:
    """Household pk → children placed with it on ``day``."""
    out: dict[int, int] = {}
    for pk in (
        Placement.objects.live()
        .open_on(day)
        .filter(carer_household__isnull=False)
        .values_list("carer_household_id", flat=True)
    ):
        out[pk] = out.get(pk, 0) + 1
    return out


def review_due(household: CarerHousehold) -> dt.date | None:
    """When a fostering household's next annual review falls due (None for adopters and
    households not approved)."""
    if not household.is_fostering or not household.approval_date:
        return None
    last = (
        CarerReview.objects.live()
        .filter(household=household)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    return clocks.foster_carer_review_due(household.approval_date, last=last)


def reviews_due_by(*, households, day: dt.date) -> dict[int, dt.date]:
    """Household pk → next review due, for fostering households approved on ``day``."""
    last: dict[int, dt.date] = {}
    for pk, date in (
        CarerReview.objects.live()
        .filter(household__in=[h.pk for h in households], date__lte=day)
        .values_list("household_id", "date")
    ):
        last[pk] = max(date, last.get(pk, date))
    return {
        h.pk: clocks.foster_carer_review_due(h.approval_date, last=last.get(h.pk))
        for h in households
        if h.is_fostering and h.approved_on(day)
    }


@dataclass(frozen=True)
class Sufficiency:
    day: dt.date
    year_start: dt.date
    approved_households: int
    approved_places: int
    children_placed: int
    vacancies: int
    on_hold: int
    in_house_placements: int
    agency_placements: int
    other_foster_placements: int
    deregistrations: int
    approvals: int
    reviews_overdue: int
    by_kind: list[tuple[str, int, int, int]]

    @property
    def in_house_share(self) -> float | None:
        total = self.in_house_placements + self.agency_placements
        return 100 * self.in_house_placements / total if total else None


def fostering_sufficiency(*, day: dt.date, year_start: dt.date) -> Sufficiency:
    """Fostering households, places and vacancies on ``day``, and approvals and deregistrations
    in [``year_start``, ``day``]. Vacancies: approved places not filled by a child placed with
    the household, for households approved and not on hold (on hold offers none). Foster
    placements on the day are in-house (linked to an in-house household, or own-LA provision),
    agency (linked to an agency household, or private or voluntary provision) or other."""
    fostering = list(households_approved_on(day=day).filter(kind__in=H.FOSTERING))
    placed = children_placed_on(day=day)
    by_kind = []
    places = filled = vacancies = on_hold = 0
    for kind, label in K.choices:
        if kind not in H.FOSTERING:
            continue
        mine = [h for h in fostering if h.kind == kind]
        kind_places = sum(h.approved_places or 0 for h in mine)
        kind_vacancies = sum(
            max((h.approved_places or 0) - placed.get(h.pk, 0), 0)
            for h in mine
            if h.status != H.Status.ON_HOLD
        )
        by_kind.append((label, len(mine), kind_places, kind_vacancies))
        places += kind_places
        vacancies += kind_vacancies
        filled += sum(placed.get(h.pk, 0) for h in mine)
        on_hold += sum(h.status == H.Status.ON_HOLD for h in mine)
    sources = [source for _c, _d, source in foster_placements_on(day=day)]
    in_house, agency = sources.count(IN_HOUSE), sources.count(AGENCY)
    other = len(sources) - in_house - agency
    fostering_all = H.objects.live().filter(kind__in=H.FOSTERING)
    due = reviews_due_by(households=fostering, day=day)
    return Sufficiency(
        day=day,
        year_start=year_start,
        approved_households=len(fostering),
        approved_places=places,
        children_placed=filled,
        vacancies=vacancies,
        on_hold=on_hold,
        in_house_placements=in_house,
        agency_placements=agency,
        other_foster_placements=other,
        deregistrations=fostering_all.filter(
            deregistration_date__gte=year_start, deregistration_date__lte=day
        ).count(),
        approvals=fostering_all.filter(
            approval_date__gte=year_start, approval_date__lte=day
        ).count(),
        reviews_overdue=sum(d < day for d in due.values()),
        by_kind=by_kind,
    )


IN_HOUSE, AGENCY, OTHER = "In-house foster care", "Agency foster care", "Other foster care"


def foster_placements_on(*, day: dt.date) -> list[tuple[int, dt.date, str]]:
    """(child id, placement start, source) for each child in a foster placement (PLACE U1-U6)
    on ``day``. The source is in-house when the child lives with an in-house household (or, with
    no household linked, the provider is the LA's own), agency when with an agency household (or
    private or voluntary provision), else other (another LA's carers, for example)."""
    foster_places = [c for c, g in codes.PLACEMENT_GROUP.items() if g in FOSTER_GROUPS]
    out = []
    for child_id, start, provider, kind in (
        Placement.objects.live()
        .open_on(day)
        .filter(place__in=foster_places)
        .values_list("child_id", "start_date", "provider", "carer_household__kind")
    ):
        if kind in H.IN_HOUSE or (kind is None and provider == IN_HOUSE_PROVIDER):
            source = IN_HOUSE
        elif kind == K.AGENCY or (kind is None and provider in AGENCY_PROVIDERS):
            source = AGENCY
        else:
            source = OTHER
        out.append((child_id, start, source))
    return out


def households(*, kind: str = "", status: str = "") -> QuerySet[CarerHousehold]:
    qs = H.objects.live().select_related("supervising_worker")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs


def adopters_sex_code(household: CarerHousehold) -> tuple[int | None, str]:
    """(number of adopters, SSDA903 ``SEX_ADOPTR``) from the household's carers; (None, "") when
    it cannot be told (no carers, more than two, or a sex not stated)."""
    sexes = sorted(
        household.members.live()
        .filter(role=HouseholdMember.Role.CARER)
        .values_list("sex", flat=True)
    )
    if not sexes or len(sexes) > 2 or "U" in sexes:
        return None, ""
    code = {("M",): "M1", ("F",): "F1", ("M", "M"): "MM", ("F", "F"): "FF", ("F", "M"): "MF"}
    return len(sexes), code[tuple(sexes)]
