"""Template banks for obviously synthetic free text: the child's views, notes, summaries."""

from __future__ import annotations

import random

VIEWS_YOUNG = (
    "I like playing with the blue car and my teddy.",
    "Mummy reads me stories at bedtime.",
    "I had fish fingers for tea. Yum!",
    "I don't like it when it's loud at night.",
    "My favourite colour is green like a dinosaur.",
    "I want to go to the park again.",
)
VIEWS_CHILD = (
    "School is OK. I like art and football at break.",
    "I want to see my dad more, on Saturdays maybe.",
    "My carer makes good pancakes. I feel safe here.",
    "I get worried when mum and her friend shout.",
    "I'd like my own room and to keep my bike.",
    "I miss my brother. Can we have more contact?",
    "My teacher helps me when I get stuck with reading.",
    "I don't like moving schools. I want to stay at this one.",
)
VIEWS_TEEN = (
    "Honestly I just want people to stop asking me the same questions.",
    "College is alright. I want to do mechanics.",
    "I want to go home but I know it isn't ready yet.",
    "My worker actually listens, which is new.",
    "I want more say about who I see at weekends.",
    "I'm fine. I just want my phone back after ten.",
    "I'm worried about money when I'm 18.",
    "I don't want to move again. This is the first place that feels normal.",
)
NOTE_SUBJECTS = (
    (
        "Phone call with school",
        "Spoke with the designated safeguarding lead. Attendance {pc}%."
        " Child reported as settled in class. [synthetic]",
    ),
    (
        "Home visit",
        "Visited the home. Conditions {cond}. Discussed the plan with the parent. [synthetic]",
    ),
    (
        "Call from health visitor",
        "Health visitor shared update on weight and development. Next contact booked. [synthetic]",
    ),
    (
        "Strategy meeting actions",
        "Actions agreed with police and health; minutes on file. [synthetic]",
    ),
    ("Contact arrangements", "Family time reviewed; {cond} engagement from parents. [synthetic]"),
    ("Email from carer", "Carer reports a {cond} week, one incident at bedtime. [synthetic]"),
)
CONDITIONS = ("good", "adequate", "improved", "a concern", "variable")
OVERSIGHT = (
    "Case reviewed. Plan is proportionate; visits on time. Continue as planned. [synthetic]",
    "Discussed risk and protective factors. Agree to progress the plan. [synthetic]",
    "Management oversight: chronology updated, actions set with timescales. [synthetic]",
    "Reviewed the assessment. Analysis clear; agree with the recommendation. [synthetic]",
)
SUPERVISION = (
    "Reflective discussion of workload and wellbeing. Caseload manageable. [synthetic]",
    "Talked about a complex case and the worker's emotional load. Support offered. [synthetic]",
    "Training needs identified (court skills). Next supervision booked. [synthetic]",
)
DISCUSSION = (
    "Progress against the plan reviewed; visits on time. [synthetic]",
    "Drift noted; actions set to progress within two weeks. [synthetic]",
    "Child's voice strong in recording. Consider the sibling relationship. [synthetic]",
)
OBSERVATIONS = (
    "Child appeared well and relaxed with the carer. [synthetic]",
    "Home warm and tidy. Food in the cupboards. [synthetic]",
    "Child was quiet at first then showed me their drawings. [synthetic]",
    "Parent was anxious; we agreed what happens next. [synthetic]",
)


def childs_view(rng: random.Random, age: int) -> str:
    if age < 3:
        return ""
    bank = VIEWS_YOUNG if age < 7 else VIEWS_CHILD if age < 13 else VIEWS_TEEN
    return rng.choice(bank)


def case_note(rng: random.Random) -> tuple[str, str]:
    subject, text = rng.choice(NOTE_SUBJECTS)
    return subject, text.format(pc=rng.randint(70, 99), cond=rng.choice(CONDITIONS))
