"""Demo logins: one user per access role, linked to a worker where that makes sense."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db.models import Count, Q

from hearth.access.models import User
from hearth.synthetic.partners import DEMO_ORGANISATIONS, create_partner_work
from hearth.workforce.models import Allocation, Team, Worker
from hearth.workforce.selectors import allocations_open_on

DEMO_PASSWORD = "hearth-demo-only"

DEMO_USERS: tuple[tuple[str, str], ...] = (
    (User.Role.SOCIAL_WORKER, "social.worker"),
    (User.Role.TEAM_MANAGER, "team.manager"),
    (User.Role.FRONT_DOOR, "front.door"),
    (User.Role.IRO, "iro"),
    (User.Role.PERSONAL_ADVISER, "personal.adviser"),
    (User.Role.EARLY_HELP, "early.help"),
    (User.Role.ANALYST, "analyst"),
    (User.Role.SENIOR_LEADER, "senior.leader"),
    (User.Role.ADMIN, "admin"),
    (User.Role.AUDITOR, "auditor"),
    (User.Role.ELECTED_MEMBER, "elected.member"),
    (User.Role.PARTNER_POLICE, "police.partner"),
    (User.Role.PARTNER_HEALTH, "health.partner"),
    (User.Role.PARTNER_EDUCATION, "school.partner"),
    (User.Role.PARTNER_VOLUNTARY, "charity.partner"),
)


class DemoLogin(NamedTuple):
    role: str  # the role's label, e.g. "Social worker"
    username: str
    password: str


def demo_logins() -> list[DemoLogin]:
    """One login per role, in the order the sign-in page and `make demo` list them."""
    return [
        DemoLogin(User.Role(role).label, username, DEMO_PASSWORD) for role, username in DEMO_USERS
    ]


def _in_post(day: dt.date):
    return Worker.objects.filter(start_date__lte=day, leave_date__isnull=True)


def _pick_workers(as_of: dt.date) -> dict[str, Worker | None]:
    open_sw = allocations_open_on(day=as_of).values("worker_id")
    loads = (
        _in_post(as_of)
        .filter(
            team__kind=Team.Kind.SAFEGUARDING,
            role=Worker.Role.SOCIAL_WORKER,
            employment=Worker.Employment.PERMANENT,
            pk__in=open_sw,
        )
        .annotate(
            load=Count(
                "allocations",
                filter=Q(
                    allocations__kind=Allocation.Kind.SOCIAL_WORKER,
                    allocations__end_date__isnull=True,
                ),
            )
        )
        .order_by("pk")
    )
    social_worker = min(loads, key=lambda w: (abs(w.load - 16), w.pk), default=None)
    manager = social_worker.team.manager if social_worker else None

    def first(**kw):
        return _in_post(as_of).filter(**kw).order_by("pk").first()

    def with_work(role: str, kind: str):
        """The worker of this role holding the most open allocations of its kind, so the demo
        login lands on real work (the first by id may hold none)."""
        busiest = (
            _in_post(as_of)
            .filter(role=role)
            .annotate(
                load=Count(
                    "allocations",
                    filter=Q(allocations__kind=kind, allocations__end_date__isnull=True),
                )
            )
            .filter(load__gt=0)
            .order_by("-load", "pk")
            .first()
        )
        return busiest or first(role=role)

    return {
        "social.worker": social_worker,
        "team.manager": manager,
        "front.door": first(role=Worker.Role.FRONT_DOOR),
        "iro": with_work(Worker.Role.IRO, Allocation.Kind.IRO),
        "personal.adviser": with_work(
            Worker.Role.PERSONAL_ADVISER, Allocation.Kind.PERSONAL_ADVISER
        ),
        "early.help": with_work(Worker.Role.EARLY_HELP, Allocation.Kind.EARLY_HELP),
        "analyst": first(role=Worker.Role.ANALYST),
        "senior.leader": first(role=Worker.Role.SENIOR_LEADER),
    }


def create_demo_users(*, as_of: dt.date) -> list[User]:
    """Create (or reset) the demo logins and link them to workers. Demo only."""
    workers = _pick_workers(as_of)
    users = []
    for role, username in DEMO_USERS:
        worker = workers.get(username)
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "first_name": worker.first_name if worker else username.split(".")[0].title(),
                "last_name": worker.last_name if worker else "Demo",
                "organisation": DEMO_ORGANISATIONS.get(role, ""),
                "is_staff": role == User.Role.ADMIN,
                "is_superuser": role == User.Role.ADMIN,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        if worker is not None:
            Worker.objects.filter(user=user).exclude(pk=worker.pk).update(user=None)
            worker.user = user
            worker.save(update_fields=["user"])
        users.append(user)
        if username == "early.help" and worker is not None:
            _lead_family_help(user=user, worker=worker)
    create_partner_work(as_of=as_of, users={u.username: u for u in users})
    return users


def _lead_family_help(*, user: User, worker: Worker) -> None:
    """The early help login leads the open LA-led Family Help of the families they hold early
    help for, so the demo shows Family Help in My work."""
    from hearth.familyhelp.models import FamilyHelpEpisode, LeadAgency

    held = Allocation.objects.filter(
        worker=worker, kind=Allocation.Kind.EARLY_HELP, end_date__isnull=True
    ).values("child_id")
    FamilyHelpEpisode.objects.filter(
        end_date__isnull=True, lead_agency=LeadAgency.LA, children__child_id__in=held
    ).update(lead_user=user, lead_name="")
