"""Sizes and rates for the synthetic local authority.

Rates are per child aged 0-17 per year unless stated, tuned so that the built authority lands
within the calibration bands of ``hearth.synthetic.calibration`` (national figures in
``/work/shared/domain/national-stats.md``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    population: int  # children aged 0-17
    years: int  # years of detailed history before the as-of date
    warmup_years: int  # years before that in which children come into care (legacy records)
    chunk: int  # children written per batch


SIZES: dict[str, Size] = {
    "small": Size("small", 8_000, 3, 8, 4_000),
    "demo": Size("demo", 45_000, 6, 14, 6_000),
    "large": Size("large", 200_000, 5, 14, 6_000),
}

# --- Front door ---------------------------------------------------------------------------------
NEW_FAMILY_CONTACTS_PER_CHILD = 0.0560  # first contacts of families new to the front door
FAMILY_SIZES = ((1, 0.55), (2, 0.30), (3, 0.15))
CONTACT_OUTCOME_FIRST = (("referral", 0.50), ("early_help", 0.16), ("advice", 0.14), ("nfa", 0.20))
CONTACT_OUTCOME_KNOWN = (("referral", 0.62), ("early_help", 0.12), ("advice", 0.12), ("nfa", 0.14))
P_RECONTACT_AFTER_CONTACT = 0.22  # a contact that did not become a referral is followed by another
P_EARLY_HELP_STEP_UP = 0.12

# --- Children in need ---------------------------------------------------------------------------
P_REFERRAL_NFA = 0.07
P_ASSESSMENT_ON_TIME = 0.87
P_STRATEGY = 0.30
P_STRATEGY_PRIOR_CP = 0.85
P_ICPC_PRIOR_CP = 0.62  # referral leads to a strategy discussion and section 47 enquiry
P_ICPC_GIVEN_S47 = 0.36
P_PLAN_GIVEN_ICPC = 0.88
P_ICPC_WITHIN_15 = 0.78
ASSESSMENT_OUTCOME = (("nfa", 0.42), ("early_help", 0.10), ("cin_plan", 0.48))
P_REREFERRAL = {"nfa": 0.62, "cin": 0.55, "cp": 0.70, "cla": 0.15}
# months after closure: 38% within 3 months, 17% 3-6, 19% 6-12, the rest later
REREFERRAL_GAP = ((0, 90, 0.50), (90, 182, 0.20), (182, 365, 0.14), (365, 1460, 0.16))
CP_CATEGORY = (("NEG", 0.49), ("EMO", 0.355), ("PHY", 0.065), ("SAB", 0.05), ("MUL", 0.03))
# Plan length, by the conference that ends it: months after the ICPC.
CP_DURATION = (
    ("first_review", 0.16),
    ("early_review", 0.11),
    ("review_9", 0.44),
    ("review_15_21", 0.25),
    ("review_27_plus", 0.04),
)
P_CARE_FROM_CP = 0.14
P_CARE_FROM_CIN = 0.028
P_CARE_EMERGENCY = 0.018  # straight from the referral (police protection / EPO)
P_CARE_ADOLESCENT_S20 = 0.035  # extra chance for 12-17s on a CIN plan (section 20)

# --- Children looked after ----------------------------------------------------------------------
UASC_ENTRIES_PER_CHILD = 0.00040
CARE_ENTRIES_WARMUP_PER_CHILD = 0.0014  # legacy entries before the detailed history
P_FAR_PLACEMENT = {"foster": 0.25, "kinship": 0.25, "home": 0.62, "semi": 0.30, "other": 0.30}
MOVE_RATE = {"foster": 0.45, "kinship": 0.16, "home": 0.85, "semi": 0.52, "other": 0.8}
P_MISSING_YEAR = {"teen_home": 0.50, "teen": 0.18, "child": 0.013}
MISSING_INCIDENTS_MEAN = 5.0
P_RETURN_INTERVIEW_72H = 0.80

# --- Care leavers ---------------------------------------------------------------------------------
P_IN_TOUCH = 0.90
P_EET_IN_TOUCH = 0.56

# --- Workforce ------------------------------------------------------------------------------------
CASELOAD_TARGET = 15.5
# Each post cycles: a permanent holder for ~PERMANENT_YEARS, then vacant for ~VACANCY_YEARS
# (mostly covered by agency staff). Posts start at evenly spread points of the cycle, so at any
# date about VACANCY_YEARS / (PERMANENT_YEARS + VACANCY_YEARS) of posts are vacant and about
# 1 / PERMANENT_YEARS of permanent staff leave each year.
PERMANENT_YEARS = 6.25
VACANCY_YEARS = 1.47
AGENCY_STINT_MEAN_YEARS = 0.6
AGENCY_GAP_DAYS = (5, 40)

# --- Deprivation of liberty (SSDA903 DoLo from 2026-27) ------------------------------------------
# Applications to deprive a child of liberty under the High Court's inherent jurisdiction ran at
# about 1,200-1,300 a year in England and Wales in 2023-24 (Nuffield Family Justice Observatory,
# reports on the national deprivation of liberty court, 2023-24), against some 7,000-8,000
# looked-after children in children's homes (DfE, Children looked after in England, 2024): of the
# order of one in six or seven. DfE's SSDA903 2026-27 guidance collects every order in force in
# the year for a looked-after child (DoLo: start and end dates). Here: a chance per children's
# home placement of a child aged 11+, an order lasting 3-12 months (renewed orders are one row).
P_DOLO_CHILDRENS_HOME = 0.14
DOLO_DAYS = (90, 365)

# --- Pre-proceedings and family group decision-making (CIN census 2026-27) ---------------------
# Every application for a care order here follows pre-proceedings begun 1-3 weeks before the
# PLO meeting; some families on a child protection plan go through pre-proceedings that end
# without court. Around a quarter to a third of families in pre-proceedings are diverted from
# court (Masson et al., "Partnership by Law? The pre-proceedings process for families on the
# edge of care proceedings", 2013); with about 2 in 5 CP-plan children's applications preceded
# by pre-proceedings this is roughly 1 CP plan in 15. The family network meeting is offered in
# the letter before proceedings (Children's Wellbeing and Schools Act 2026, s1, in force for
# 2026-27: assumed offered to 85% of families, the rest before the Act or where it was unsafe)
# and taken up by about 60% (an assumption: family group conference take-up in the Family
# Rights Group's surveys is of that order).
P_PRE_PROCEEDINGS_DIVERTED = 0.07
P_FGDM_OFFERED = 0.85
P_FGDM_HELD = 0.6

# --- Kinship care -------------------------------------------------------------------------------
# Special guardianship and child arrangements orders on leaving care come from the journey's
# reasons episode ceased (DfE, Children looked after in England 2024, national-stats.md: 11% of
# children leaving care do so on an SGO; the journey gives about 8% of the demo LA's leavers):
# E45/E47 are SGOs to relatives or friends and become kinship arrangements; E46/E48 (not
# relatives or friends) do not; E41 (a child arrangements order) is kinship when the child left
# care to live with someone other than a parent (the journey's "other" outcome), not when they
# went home. Each lasts to 18 unless the child comes back into care.
# Children on a CIN or CP plan who go to live with a relative or friend without coming into care
# are an assumption: the 2021 Census put the children living in kinship care in England at
# roughly 120 per 10,000 (Kinship's analysis of the Census; not in the domain folder, so used
# only as an order of magnitude), most never known to children's services. 3% of plans, giving
# about 10-15 per 10,000 children in the informal or LA-supported arrangements the authority
# knows of at a time (calibration checks 12 +/- 20%); 40% of those with local authority support
# and 10% settled by a child arrangements order (assumptions: no national split exists).
P_KINSHIP_FROM_PLAN = 0.03
P_KINSHIP_LA_SUPPORTED = 0.40
P_KINSHIP_CAO = 0.10
KINSHIP_INFORMAL_DAYS = (120, 1100)

# --- Family group conferences in child protection (assumption) -----------------------------------
# Family group decision-making "used throughout" (Families First guide): a family group
# conference for a quarter of child protection plans, 4-10 weeks after the plan starts. No
# national figure exists (the Family Rights Group's surveys count LAs with an FGC service, not
# conferences per plan): an assumption.
P_FGC_CP_PLAN = 0.25

# --- Information sharing (Children Act 2004 s16LA; assumptions) ----------------------------------
# Every section 47 enquiry shares information with the police and health (Working Together
# 2023: strategy discussions involve both), recorded as disclosures under the s16LA duty or s47;
# 40% of referrals from a school get the outcome shared back with the school, on consent (the
# Families First guide's feedback to referrers). Decisions not to share: 5% of partner requests
# for information about a child (assumption: no national figure; the s16LA duty is new).
P_SHARE_HEALTH_S47 = 0.9
P_SHARE_SCHOOL_OUTCOME = 0.4
P_PARTNER_REQUEST = 0.15
P_NOT_SHARED_OF_REQUESTS = 0.05
# Family Help (Families First Partnership programme guide, DfE, March 2025: local authorities
# to have Family Help arrangements from October 2025, merging targeted early help and child in
# need (s17) work). Assumed: from FAMILY_HELP_FROM every new early help episode is delivered as
# targeted Family Help and every new child-in-need (CIN plan) case as s17 Family Help, so
# Family Help adds no episodes of its own: it is drawn over the early help and CIN volumes
# already calibrated (CIN census, Characteristics of children in need), and those returns and
# indicators do not move. Children of one family whose help starts the same day are one
# family. The lead practitioner's agency is the early help lead's (about 45% LA, the rest
# school, early years, health and voluntary sector: the guide expects many leads from partner
# agencies); an s17 family's lead is the allocated social worker.
FAMILY_HELP_FROM = dt.date(2025, 10, 1)
PARTNER_ORGANISATIONS = {
    "school": ("Riverside Primary School", "St Mary's CE Primary School", "Hillcrest Academy"),
    "early_years": ("Northgate Family Hub", "Little Acorns Nursery"),
    "health": ("Health Visiting Service", "School Nursing Service"),
    "voluntary": ("Family Action", "Home-Start"),
}
