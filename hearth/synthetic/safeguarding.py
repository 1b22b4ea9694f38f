"""Synthetic LADO referrals, private fostering, young carers and homeless 16 and 17 year olds for
the synthetic authority (`hearth.synthetic.build` calls `write_safeguarding` after the children
are written). Its own random stream, so adding it reshuffles nothing else.

Rates and their sources (per 10,000 children aged 0 to 17 a year unless said):
    * LADO referrals: 20. No national statistics are collected; an assumption from the order of
      magnitude English LADO annual reports give (about 100 referrals a year for 45,000
      children). Outcomes: substantiated 30%, unsubstantiated 30%, unfounded 25%, false 12%,
      malicious 3% (assumption); 70% resolved within one month (KCSIE's target is 80%).
    * Private fostering notifications: 1.3. DfE, Private fostering arrangements in England
      2015-16 (the last collected): 1,560 notifications for about 11.8 million children.
    * Homeless 16 and 17 year olds: 2.5. MHCLG/DLUHC homelessness statistics (H-CLIC) report
      roughly 3,000 16-17 year olds owed a prevention or relief duty a year in England
      (assumption from that order of magnitude). Outcomes: returned home 45%, s17 at home 20%,
      s20 accommodated 20%, Housing Act 10%, other 5% (assumption).
    * Young carers: 4% of assessments of children aged 8 to 17 identify a young carer
      (assumption; the CIN census records "young carer" as an assessment factor for a few per
      cent of assessments); 80% have a needs assessment.
"""

from __future__ import annotations

import datetime as dt
import random

from hearth.core.calendar import add_working_days, age_on
from hearth.safeguarding.models import (
    HomelessPresentation,
    LadoChild,
    LadoReferral,
    PrivateFostering,
    PrivateFosteringVisit,
    YoungCarer,
)

# In the order they are written (the generator's wipe deletes them in reverse).
MODELS = [
    LadoReferral,
    LadoChild,
    PrivateFostering,
    PrivateFosteringVisit,
    YoungCarer,
    HomelessPresentation,
]

LADO_PER_10K = 20
PRIVATE_FOSTERING_PER_10K = 1.3
HOMELESS_PER_10K = 2.5
P_YOUNG_CARER = 0.04
P_YOUNG_CARER_ASSESSED = 0.8
P_LADO_ON_TIME = 0.7
P_PF_FIRST_VISIT_ON_TIME = 0.85
P_HOMELESS_ON_TIME = 0.85

LADO_SECTORS = (
    ("education", 40),
    ("social_care", 15),
    ("early_years", 10),
    ("foster_care", 8),
    ("sport", 8),
    ("health", 6),
    ("other", 4),
    ("police", 3),
    ("faith", 3),
    ("transport", 3),
)
LADO_CATEGORIES = (
    ("physical", 40),
    ("suitability", 25),
    ("sexual", 15),
    ("emotional", 12),
    ("neglect", 8),
)
LADO_OUTCOMES = (
    ("substantiated", 30),
    ("unsubstantiated", 30),
    ("unfounded", 25),
    ("false", 12),
    ("malicious", 3),
)
ROLES = {
    "education": ("Teacher", "Teaching assistant", "Lunchtime supervisor"),
    "social_care": ("Residential care worker", "Support worker"),
    "early_years": ("Nursery practitioner", "Childminder"),
    "foster_care": ("Foster carer",),
    "sport": ("Football coach", "Swimming instructor"),
    "health": ("Nurse", "Healthcare assistant"),
    "other": ("Youth worker",),
    "police": ("Police officer",),
    "faith": ("Youth leader",),
    "transport": ("Taxi driver", "Bus escort"),
}
HOMELESS_OUTCOMES = (
    ("returned_home", 45),
    ("child_in_need", 20),
    ("s20", 20),
    ("housing_act", 10),
    ("other", 5),
)


def _pick(r: random.Random, weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return r.choices(values, weights=weights)[0]


def _target(r: random.Random, per_10k: float, population: int, years: float) -> int:
    mean = per_10k * population / 10_000 * years
    return max(0, round(r.gauss(mean, mean**0.5))) if mean else 0


def write_safeguarding(builder) -> dict[str, int]:
    r = random.Random(f"{builder.seed}:safeguarding")
    start, end = builder.history_start, builder.as_of
    years = (end - start).days / 365.25
    population = builder.size.population
    episodes = [
        (kid, ep)
        for kid in builder.kids
        for ep in kid.episodes
        if kid.dob and start <= ep.referral <= end
    ]
    written = {}
    written["lado"] = _lado(builder, r, episodes, _target(r, LADO_PER_10K, population, years))
    pf_pool = [(k, e) for k, e in episodes if (age_on(k.dob, on=e.referral) or 0) in range(5, 16)]
    written["private_fostering"] = _private_fostering(
        builder, r, pf_pool, _target(r, PRIVATE_FOSTERING_PER_10K, population, years)
    )
    homeless_pool = [(k, e) for k, e in episodes if age_on(k.dob, on=e.referral) in (16, 17)]
    written["homeless"] = _homeless(
        builder, r, homeless_pool, _target(r, HOMELESS_PER_10K, population, years)
    )
    written["young_carers"] = _young_carers(builder, r, episodes)
    return written


def _lado(builder, r, episodes, n: int) -> int:
    end = builder.as_of
    referrals, links = [], []
    span = (end - builder.history_start).days
    for _ in range(n):
        received = builder.history_start + dt.timedelta(days=r.randrange(span + 1))
        sector = _pick(r, LADO_SECTORS)
        considered = add_working_days(received, n=r.choice((0, 1, 1, 1, 2)))
        threshold = r.random() < 0.6
        days = r.randint(7, 30) if r.random() < P_LADO_ON_TIME else r.randint(32, 200)
        outcome_date = received + dt.timedelta(days=days)
        resolved = outcome_date <= end and considered <= end
        referrals.append(
            LadoReferral(
                id=builder.ids(LadoReferral),
                received_date=received,
                referrer=r.choice(
                    ("Headteacher", "Designated safeguarding lead", "Police", "Parent")
                ),
                person_name=f"{builder.names.first('WBRI', r.choice('MF'))} "
                f"{builder.names.last('WBRI')}",
                person_role=r.choice(ROLES[sector]),
                employer=f"{r.choice(('North', 'South', 'Riverside', 'Park', 'Central'))} "
                f"{dict(LadoReferral.Sector.choices)[sector].split(' ')[0]} provider",
                sector=sector,
                category=_pick(r, LADO_CATEGORIES),
                summary="Synthetic allegation for the demonstration. [synthetic]",
                initial_consideration_date=considered if considered <= end else None,
                threshold_met=threshold if considered <= end else None,
                strategy_meeting_date=(
                    add_working_days(considered, n=r.randint(1, 5))
                    if threshold
                    and add_working_days(considered, n=5) <= outcome_date
                    and add_working_days(considered, n=5) <= end
                    else None
                ),
                outcome=_pick(r, LADO_OUTCOMES) if resolved else "",
                outcome_date=outcome_date if resolved else None,
            )
        )
    LadoReferral.objects.bulk_create(referrals)
    near = sorted(episodes, key=lambda ke: ke[1].referral)
    for referral in referrals:
        # A child referred around the same time (the allegation often comes through the front
        # door as a contact about the child).
        close = [k for k, e in near if abs((e.referral - referral.received_date).days) <= 10]
        for kid in r.sample(close, min(len(close), r.choice((1, 1, 1, 2)))):
            links.append(LadoChild(id=builder.ids(LadoChild), referral=referral, child_id=kid.id))
    LadoChild.objects.bulk_create(links)
    return len(referrals)


def _private_fostering(builder, r, pool, n: int) -> int:
    end = builder.as_of
    chosen, seen = [], set()
    for kid, ep in r.sample(pool, min(n, len(pool))):
        if kid.id not in seen:
            seen.add(kid.id)
            chosen.append((kid, ep))
    arrangements, visits = [], []
    for kid, ep in chosen:
        notified = ep.referral
        months = r.randint(3, 24)
        ended = notified + dt.timedelta(days=30 * months)
        pf = PrivateFostering(
            id=builder.ids(PrivateFostering),
            child_id=kid.id,
            notified_date=notified,
            start_date=notified - dt.timedelta(days=r.randint(0, 40)),
            notifier=_pick(
                r,
                (
                    ("school", 40),
                    ("carer", 20),
                    ("parent", 15),
                    ("health", 10),
                    ("other_agency", 15),
                ),
            ),
            carer_name=f"{builder.names.first('WBRI', 'F')} {builder.names.last('WBRI')}",
            assessment_date=add_working_days(notified, n=r.randint(20, 42))
            if add_working_days(notified, n=42) <= end
            else None,
            end_date=ended if ended <= end else None,
            end_reason=_pick(
                r, (("returned_home", 70), ("age", 15), ("moved_away", 10), ("other", 5))
            )
            if ended <= end
            else "",
        )
        pf.assessment = "suitable" if pf.assessment_date else ""
        arrangements.append(pf)
    PrivateFostering.objects.bulk_create(arrangements)
    for pf in arrangements:
        first_gap = r.randint(2, 7) if r.random() < P_PF_FIRST_VISIT_ON_TIME else r.randint(8, 20)
        day = add_working_days(pf.notified_date, n=first_gap)
        stop = min(pf.end_date or end, end)
        while day <= stop:
            visits.append(
                PrivateFosteringVisit(
                    id=builder.ids(PrivateFosteringVisit),
                    child_id=pf.child_id,
                    arrangement=pf,
                    date=day,
                    child_seen_alone=r.random() < 0.85,
                    notes="Visited at the carer's home. [synthetic]",
                )
            )
            first_year = day < pf.notified_date + dt.timedelta(days=365)
            day += dt.timedelta(days=r.randint(28, 44) if first_year else r.randint(60, 88))
    PrivateFosteringVisit.objects.bulk_create(visits)
    return len(arrangements)


def _homeless(builder, r, pool, n: int) -> int:
    end = builder.as_of
    rows, seen = [], set()
    for kid, ep in r.sample(pool, min(n, len(pool))):
        if kid.id in seen:
            continue
        seen.add(kid.id)
        presented = ep.referral
        gap = r.randint(5, 40) if r.random() < P_HOMELESS_ON_TIME else r.randint(46, 70)
        assessed = add_working_days(presented, n=gap)
        done = assessed <= end
        rows.append(
            HomelessPresentation(
                id=builder.ids(HomelessPresentation),
                child_id=kid.id,
                presented_date=presented,
                presented_to=r.choice(("housing", "housing", "childrens")),
                accommodated_that_night=r.random() < 0.9,
                circumstances="Asked to leave the family home. [synthetic]",
                joint_assessment_date=assessed if done else None,
                outcome=_pick(r, HOMELESS_OUTCOMES) if done else "",
                outcome_date=assessed if done else None,
                decision_notes="Young person's wishes recorded. [synthetic]" if done else "",
            )
        )
    HomelessPresentation.objects.bulk_create(rows)
    return len(rows)


def _young_carers(builder, r, episodes) -> int:
    end = builder.as_of
    rows, seen = [], set()
    for kid, ep in episodes:
        if not ep.ass_done or kid.id in seen:
            continue
        if (age_on(kid.dob, on=ep.ass_done) or 0) not in range(8, 18):
            continue
        if r.random() >= P_YOUNG_CARER:
            continue
        seen.add(kid.id)
        assessed = add_working_days(ep.ass_done, n=r.randint(10, 60))
        done = r.random() < P_YOUNG_CARER_ASSESSED and assessed <= end
        rows.append(
            YoungCarer(
                id=builder.ids(YoungCarer),
                child_id=kid.id,
                identified_date=ep.ass_done,
                identified_by="social_care",
                cares_for=_pick(
                    r, (("parent", 70), ("sibling", 20), ("grandparent", 7), ("other", 3))
                ),
                caring_role="Helps a parent with daily tasks and medication. [synthetic]",
                assessment_date=assessed if done else None,
                needs_identified=(r.random() < 0.8) if done else None,
                support="Young carers group and school support. [synthetic]" if done else "",
            )
        )
    YoungCarer.objects.bulk_create(rows)
    return len(rows)
