"""DfE code lists for the children in need (CIN) census and the SSDA903 (children looked after) return.

Each list is a Django ``TextChoices``: the value is DfE's code exactly as the return carries it,
the label is plain English for screens. Member names are the DfE code where that is a valid Python
name (``LegalStatus.C2``, ``PlacementType.U4``); where the code starts with a digit the member has
a descriptive name (``ReferralSource.POLICE == "6"``, ``AssessmentFactor.NEGLECT == "16A"``).

Where the codes come from
    The valid-code lists are read from DfE's own validator packages:

    * ``csc-validator-be-cin`` 0.1.13 (import ``cin_validator``), rule sets cin2022_23 to
      cin2026_27. Rules 4180 (sex), 4220 (ethnicity), 8540 (disability), 8866 (referral source),
      8650 (primary need), 8640 (reason for closure), 8897Q (assessment factors), 8905/8910
      (category of abuse), 8770Q/8772 (UPN unknown), 1510/1530/1550 (UPN).
    * ``csc-validator-be-903`` 0.1.17 (import ``lac_validator``), rule sets lac2022_23 to
      lac2026_27. Rules 101 (SEX), 103 (ETHNIC), 143 (RNE), 144 (LS), 145 (CIN), 146 (PLACE),
      178 (PLACE_PROVIDER), 149 (REC), 1009 (REASON_PLACE_CHANGE), 167 (REVIEW_CODE),
      131/132/133 (IN_TOUCH/ACTIV/ACCOM), 196 (SDQ_REASON), 1006 (MISSING), 631 (PREV_PERM),
      633 (LA_PERM), 120 (REASON_PLACED_CEASED), 176/177 (SEX_ADOPTR/LS_ADOPTR),
      SW13STG1 (SW_REASON), 168 (UPN).

    Each rule set only holds the rules that changed that year; later years inherit the rest.
    Labels are paraphrased from DfE's guides: the packages carry codes, not descriptions.

Collection years
    Written ``"2024-25"``. DfE's validators name a year by its END year (``collectionYear``
    "2025" means 2024-25); ``collection_year_from_end_year`` converts. ``VALID_FROM`` and
    ``VALID_UNTIL`` hold the codes whose validity the validators limit by year (inclusive);
    every other code in these lists is valid in every year from 2022-23 to 2026-27.
"""

from __future__ import annotations

from django.db import models

COLLECTION_YEARS: tuple[str, ...] = ("2022-23", "2023-24", "2024-25", "2025-26", "2026-27")
"""Collection years that the validator packages hold rule sets for."""


# --------------------------------------------------------------------------------------------
# Shared by both returns
# --------------------------------------------------------------------------------------------


class Sex(models.TextChoices):
    """CIN census ``Sex`` (rule 4180, from 2024-25) and SSDA903 ``SEX`` from 2024-25.

    Until 2023-24 the CIN census carried ``GenderCurrent`` instead (see ``GenderCurrentCIN``)
    and the SSDA903 carried 1/2 (see ``Sex903``).
    """

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Sex903(models.TextChoices):
    """SSDA903 ``SEX`` (rule 101): M/F/U from 2024-25, 1/2 up to and including 2023-24."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"
    MALE_LEGACY = "1", "Male (code used until 2023-24)"
    FEMALE_LEGACY = "2", "Female (code used until 2023-24)"


class GenderCurrentCIN(models.TextChoices):
    """CIN census ``GenderCurrent`` (rule 4180 up to 2023-24), replaced by ``Sex`` from 2024-25."""

    NOT_KNOWN = "0", "Not known"
    MALE = "1", "Male"
    FEMALE = "2", "Female"
    NOT_SPECIFIED = "9", "Not specified"


class Ethnicity(models.TextChoices):
    """DfE ethnicity codes: CIN ``Ethnicity`` (rule 4220), SSDA903 ``ETHNIC`` (rule 103)."""

    WBRI = "WBRI", "White - British"
    WIRI = "WIRI", "White - Irish"
    WOTH = "WOTH", "White - any other White background"
    WIRT = "WIRT", "White - Traveller of Irish heritage"
    WROM = "WROM", "White - Gypsy/Roma"
    MWBC = "MWBC", "Mixed - White and Black Caribbean"
    MWBA = "MWBA", "Mixed - White and Black African"
    MWAS = "MWAS", "Mixed - White and Asian"
    MOTH = "MOTH", "Mixed - any other mixed background"
    AIND = "AIND", "Asian or Asian British - Indian"
    APKN = "APKN", "Asian or Asian British - Pakistani"
    ABAN = "ABAN", "Asian or Asian British - Bangladeshi"
    AOTH = "AOTH", "Asian or Asian British - any other Asian background"
    BCRB = "BCRB", "Black or Black British - Caribbean"
    BAFR = "BAFR", "Black or Black British - African"
    BOTH = "BOTH", "Black or Black British - any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class UPNUnknownReason(models.TextChoices):
    """Why a child has no UPN (DfE common basic data set list CS051, UN1-UN10).

    The CIN census accepts UN1-UN7 (rules 8770Q, 8772: UN8 is rejected there); the SSDA903
    accepts UN1-UN5 only (rule 168). UN8-UN10 belong to the SEN2 return. See
    ``UPN_UNKNOWN_CIN`` and ``UPN_UNKNOWN_903``.
    """

    UN1 = "UN1", "Child is under 6 and has not yet been given a UPN"
    UN2 = "UN2", "Child has never attended a state-funded school in England"
    UN3 = "UN3", "Child is educated outside England"
    UN4 = "UN4", "Child became in need in the last week of the year; UPN not yet known"
    UN5 = "UN5", "UPN records conflict on name or date of birth (e.g. duplicate UPN)"
    UN6 = "UN6", "Child is not looked after and the LA cannot obtain the UPN"
    UN7 = "UN7", "Referral with no further action"
    UN8 = "UN8", "New to the LA in the last week of the year; UPN or ULN not yet known (SEN2)"
    UN9 = "UN9", "Never attended a state school or FE setting in England (SEN2)"
    UN10 = "UN10", "Request for assessment ended before a UPN or ULN was known (SEN2)"


# --------------------------------------------------------------------------------------------
# CIN census
# --------------------------------------------------------------------------------------------


class Disability(models.TextChoices):
    """CIN ``Disability`` (rule 8540). ``NONE`` must not be combined with other codes (8790)."""

    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility - getting about"
    HAND = "HAND", "Hand function - using hands for everyday tasks"
    PC = "PC", "Personal care - eating, washing, dressing"
    INC = "INC", "Incontinence - controlling bladder or bowel"
    COMM = "COMM", "Communication - speaking or understanding others"
    LD = "LD", "Learning - understanding or learning new things"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour - including ADHD"
    CON = "CON", "Consciousness - including seizures"
    AUT = "AUT", "Autism or Asperger syndrome"
    DDA = "DDA", "Other disability (Equality Act definition)"


class ReferralSource(models.TextChoices):
    """CIN ``ReferralSource`` (rule 8866)."""

    INDIVIDUAL_FAMILY = "1A", "Individual - family member, relative or carer"
    INDIVIDUAL_ACQUAINTANCE = "1B", "Individual - acquaintance, neighbour or childminder"
    INDIVIDUAL_SELF = "1C", "Individual - self-referral"
    INDIVIDUAL_OTHER = "1D", "Individual - other"
    SCHOOLS = "2A", "School"
    EDUCATION_SERVICES = "2B", "Education services"
    HEALTH_GP = "3A", "Health - GP"
    HEALTH_VISITOR = "3B", "Health - health visitor"
    HEALTH_SCHOOL_NURSE = "3C", "Health - school nurse"
    HEALTH_OTHER_PRIMARY = "3D", "Health - other primary health services"
    HEALTH_A_AND_E = "3E", "Health - A&E (emergency department)"
    HEALTH_OTHER = "3F", "Health - other health services"
    HOUSING = "4", "Housing (LA housing or housing association)"
    LA_SOCIAL_CARE = "5A", "LA services - social care (e.g. adult social care)"
    LA_OTHER_INTERNAL = "5B", "LA services - other internal department"
    LA_EXTERNAL = "5C", "LA services - another local authority"
    EARLY_HELP = "5D", "Early help"
    POLICE = "6", "Police"
    OTHER_LEGAL_AGENCY = "7", "Other legal agency (courts, probation, immigration, prison)"
    OTHER = "8", "Other (e.g. voluntary organisation, children's centre)"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Not known"


class PrimaryNeed(models.TextChoices):
    """CIN ``PrimaryNeedCode`` (rule 8650)."""

    N0 = "N0", "Not stated"
    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability or illness"
    N3 = "N3", "Parent's disability or illness"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"


class CINClosureReason(models.TextChoices):
    """CIN ``ReasonForClosure`` (rule 8640)."""

    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to another local authority"
    RC6 = "RC6", "Transferred to adult social care"
    RC7 = "RC7", "Services ceased for any other reason, including no longer in need"
    RC8 = "RC8", "Case closed after assessment, no further action"
    RC9 = "RC9", "Case closed after assessment, referred to early help"


class AssessmentFactor(models.TextChoices):
    """CIN ``AssessmentFactors``: factors identified at the end of assessment (rule 8897Q).

    ``NO_FACTORS`` ("21") may not be combined with any other factor (rule 8869). There is no 8A.
    """

    ALCOHOL_CHILD = "1A", "Alcohol misuse - concerns about the child"
    ALCOHOL_PARENT = "1B", "Alcohol misuse - concerns about a parent or carer"
    ALCOHOL_OTHER = "1C", "Alcohol misuse - concerns about another person in the household"
    DRUGS_CHILD = "2A", "Drug misuse - concerns about the child"
    DRUGS_PARENT = "2B", "Drug misuse - concerns about a parent or carer"
    DRUGS_OTHER = "2C", "Drug misuse - concerns about another person in the household"
    DOMESTIC_ABUSE_CHILD = "3A", "Domestic abuse - concerns about the child"
    DOMESTIC_ABUSE_PARENT = "3B", "Domestic abuse - concerns about a parent or carer"
    DOMESTIC_ABUSE_OTHER = "3C", "Domestic abuse - concerns about another person in the household"
    MENTAL_HEALTH_CHILD = "4A", "Mental health - concerns about the child"
    MENTAL_HEALTH_PARENT = "4B", "Mental health - concerns about a parent or carer"
    MENTAL_HEALTH_OTHER = "4C", "Mental health - concerns about another person in the household"
    LEARNING_DISABILITY_CHILD = "5A", "Learning disability - concerns about the child"
    LEARNING_DISABILITY_PARENT = "5B", "Learning disability - concerns about a parent or carer"
    LEARNING_DISABILITY_OTHER = (
        "5C",
        "Learning disability - concerns about another person in the household",
    )
    PHYSICAL_DISABILITY_CHILD = "6A", "Physical disability or illness - concerns about the child"
    PHYSICAL_DISABILITY_PARENT = (
        "6B",
        "Physical disability or illness - concerns about a parent or carer",
    )
    PHYSICAL_DISABILITY_OTHER = (
        "6C",
        "Physical disability or illness - concerns about another person in the household",
    )
    YOUNG_CARER = "7A", "Young carer"
    PRIVATE_FOSTERING_OVERSEAS_RETURN = (
        "8B",
        "Privately fostered - child from overseas who intends to return",
    )
    PRIVATE_FOSTERING_OVERSEAS_STAY = (
        "8C",
        "Privately fostered - child from overseas who intends to stay",
    )
    PRIVATE_FOSTERING_UK_EDUCATION = (
        "8D",
        "Privately fostered - UK child in an educational placement",
    )
    PRIVATE_FOSTERING_UK_ALTERNATIVE = (
        "8E",
        "Privately fostered - UK child whose family made alternative arrangements",
    )
    PRIVATE_FOSTERING_OTHER = "8F", "Privately fostered - other"
    UASC = "9A", "Unaccompanied asylum-seeking child"
    MISSING = "10A", "Going or being missing"
    CHILD_SEXUAL_EXPLOITATION = "11A", "Child sexual exploitation"
    TRAFFICKING = "12A", "Trafficking"
    GANGS = "13A", "Gangs"
    SOCIALLY_UNACCEPTABLE_BEHAVIOUR = "14A", "Socially unacceptable behaviour"
    SELF_HARM = "15A", "Self-harm"
    NEGLECT = "16A", "Abuse or neglect - neglect"
    EMOTIONAL_ABUSE = "17A", "Abuse or neglect - emotional abuse"
    # 18A and 19A are the original physical/sexual abuse codes, before DfE split them by who
    # harmed the child; the validator still accepts them.
    PHYSICAL_ABUSE = "18A", "Abuse or neglect - physical abuse"
    PHYSICAL_ABUSE_ADULT = "18B", "Abuse or neglect - physical abuse by an adult"
    PHYSICAL_ABUSE_CHILD = "18C", "Abuse or neglect - physical abuse by another child"
    SEXUAL_ABUSE = "19A", "Abuse or neglect - sexual abuse"
    SEXUAL_ABUSE_ADULT = "19B", "Abuse or neglect - sexual abuse by an adult"
    SEXUAL_ABUSE_CHILD = "19C", "Abuse or neglect - sexual abuse by another child"
    OTHER = "20", "Other"
    NO_FACTORS = "21", "No factors identified"
    FGM = "22A", "Female genital mutilation"
    FAITH_OR_BELIEF = "23A", "Abuse linked to faith or belief"
    CHILD_CRIMINAL_EXPLOITATION = "24A", "Child criminal exploitation"


class CategoryOfAbuse(models.TextChoices):
    """CIN ``InitialCategoryOfAbuse`` / ``LatestCategoryOfAbuse`` (rules 8905, 8910)."""

    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple categories"


# --------------------------------------------------------------------------------------------
# SSDA903: episodes
# --------------------------------------------------------------------------------------------


class ReasonNewEpisode(models.TextChoices):
    """SSDA903 ``RNE`` (rule 143)."""

    S = "S", "Started to be looked after"
    L = "L", "Change of legal status only"
    P = "P", "Change of placement and carer(s) only"
    T = "T", "Change of placement but same carer(s) only"
    U = "U", "Change of legal status and of placement and carer(s) at the same time"
    B = "B", "Change of legal status and of placement but same carer(s) at the same time"


class LegalStatus(models.TextChoices):
    """SSDA903 ``LS`` (rule 144)."""

    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order granted"
    E1 = "E1", "Placement order granted"
    J1 = "J1", "Remanded to local authority or youth detention accommodation"
    J2 = "J2", "Placed in local authority accommodation under PACE"
    J3 = "J3", "Youth rehabilitation order with residence or fostering requirement"
    L1 = "L1", "Under police protection, in local authority accommodation"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Child assessment order, in local authority accommodation"
    V2 = "V2", "Section 20 - single period of accommodation"
    V3 = "V3", "Section 20 - short breaks, each episode recorded"
    V4 = "V4", "Section 20 - short breaks, agreements recorded"


class CategoryOfNeed903(models.TextChoices):
    """SSDA903 ``CIN`` column in Episodes (rule 145): N1-N8, no N0 or N9."""

    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parent's illness or disability"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"


class PlacementType(models.TextChoices):
    """SSDA903 ``PLACE`` (rule 146; see ``VALID_FROM`` / ``VALID_UNTIL`` for the year limits).

    * 2022-23 and 2023-24: A3-A6, H5, K1, K2, P1-P3, R1-R3, R5, S1, T0-T4, U1-U6, Z1.
    * 2024-25: adds K3 (supported accommodation), keeps H5. NB: lac_validator 0.1.17 lists
      it as lower-case ``"k3"`` in rule 146 for 2024-25, so that version rejects ``K3`` there,
      although its other 2024-25 rules (221, 371) expect ``K3``.
    * 2025-26 onwards: H5 and P2 go; Z1 is replaced by Z11-Z14.
    """

    A3 = "A3", "Placed for adoption with consent, with current foster carer(s)"
    A4 = "A4", "Placed for adoption with consent, not with current foster carer(s)"
    A5 = "A5", "Placed for adoption with a placement order, with current foster carer(s)"
    A6 = "A6", "Placed for adoption with a placement order, not with current foster carer(s)"
    H5 = "H5", "Semi-independent living not subject to children's homes regulations"
    K1 = "K1", "Secure children's home"
    K2 = "K2", "Children's home subject to children's homes regulations"
    K3 = "K3", "Supported accommodation (registered with Ofsted)"
    P1 = "P1", "Placed with own parent(s) or others with parental responsibility"
    P2 = "P2", "Independent living, e.g. flat, lodgings, bedsit, B&B or with friends"
    P3 = "P3", "Residential employment"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS or health trust establishment providing medical or nursing care"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution"
    S1 = "S1", "Residential school (not dual-registered as a children's home)"
    T0 = "T0", "Temporary move of any type"
    T1 = "T1", "Temporary - in hospital"
    T2 = "T2", "Temporary - child on holiday"
    T3 = "T3", "Temporary - while usual foster carer(s) on holiday"
    T4 = "T4", "Temporary - 7 days or less, any other reason"
    U1 = "U1", "Foster placement with relative or friend - long-term fostering"
    U2 = "U2", "Foster placement with relative or friend - fostering for adoption"
    U3 = "U3", "Foster placement with relative or friend - other"
    U4 = "U4", "Foster placement with other foster carer - long-term fostering"
    U5 = "U5", "Foster placement with other foster carer - fostering for adoption"
    U6 = "U6", "Foster placement with other foster carer - other"
    Z1 = "Z1", "Other placement"
    # Z11-Z14 replace Z1 from 2025-26. The validator names no meanings for them; its 2026-27
    # rule 709 expects a child under a deprivation of liberty order to be in K2, Z12 or Z13.
    # Confirm the labels against DfE's 2025-26 SSDA903 guide before showing them to users.
    Z11 = "Z11", "Other placement (Z11)"
    Z12 = "Z12", "Other placement (Z12)"
    Z13 = "Z13", "Other placement (Z13)"
    Z14 = "Z14", "Other placement (Z14)"


class PlacementProvider(models.TextChoices):
    """SSDA903 ``PLACE_PROVIDER`` (rule 178); not required for temporary (T*) or Z* placements."""

    PR0 = "PR0", "Parent(s) or others with parental responsibility"
    PR1 = "PR1", "Own local authority provision"
    PR2 = "PR2", "Other local authority provision"
    PR3 = "PR3", "Other public provision (e.g. NHS)"
    PR4 = "PR4", "Private provision"
    PR5 = "PR5", "Voluntary or third sector provision"


class ReasonEpisodeCeased(models.TextChoices):
    """SSDA903 ``REC`` (rule 149). X1 = episode ends and another starts the same day."""

    X1 = "X1", "Episode ceased, new episode starts the same day"
    E11 = "E11", "Adopted - application unopposed"
    E12 = "E12", "Adopted - consent dispensed with by the court"
    E13 = (
        "E13",
        "Left care to live with parent, relative or other person without parental responsibility",
    )
    E14 = "E14", "Accommodation on remand ended"
    E15 = "E15", "Age assessment found the young person to be 18 or over"
    E16 = "E16", "Child moved abroad"
    E17 = "E17", "Aged 18 or over and stayed with current carers (e.g. staying put)"
    E2 = "E2", "Died"
    E3 = "E3", "Care taken over by another local authority in the UK"
    E41 = "E41", "Residence order or child arrangements order granted"
    E45 = "E45", "Special guardianship order to former foster carer(s) who are relatives or friends"
    E46 = "E46", "Special guardianship order to former foster carer(s), not relatives or friends"
    E47 = "E47", "Special guardianship order to other carer(s) who are relatives or friends"
    E48 = "E48", "Special guardianship order to other carer(s), not relatives or friends"
    E4A = "E4A", "Returned home to parents or others with parental responsibility, as planned"
    E4B = "E4B", "Returned home to parents or others with parental responsibility, not as planned"
    E5 = "E5", "Moved to independent living with formal advice or support"
    E6 = "E6", "Moved to independent living without formal advice or support"
    E7 = "E7", "Transferred to residential care funded by adult social care"
    E8 = "E8", "Ceased for any other reason"
    E9 = "E9", "Sentenced to custody"


class ReasonPlaceChange(models.TextChoices):
    """SSDA903 ``REASON_PLACE_CHANGE`` (rule 1009)."""

    CARPL = "CARPL", "Change to or carrying out of the care plan"
    CLOSE = "CLOSE", "Provider resigned or closed"
    ALLEG = "ALLEG", "Allegation (section 47 enquiry)"
    STAND = "STAND", "Concern about standards of care"
    APPRR = "APPRR", "Carer approval removed"
    CREQB = "CREQB", "Carer asked for the placement to end because of the child's behaviour"
    CREQO = "CREQO", "Carer asked for the placement to end for another reason"
    CHILD = "CHILD", "Child asked for the placement to end"
    LAREQ = "LAREQ", "Responsible or area authority asked for the placement to end"
    PLACE = "PLACE", "Change in the status of the placement only"
    CUSTOD = "CUSTOD", "Custody arrangement"
    OTHER = "OTHER", "Other"


class ReviewCode(models.TextChoices):
    """SSDA903 ``REVIEW_CODE``: how the child took part in their review (rule 167)."""

    PN0 = "PN0", "Child under 4 at the time of the review"
    PN1 = "PN1", "Child attended and spoke for themselves"
    PN2 = "PN2", "Child attended and an advocate spoke for them"
    PN3 = "PN3", "Child attended and gave their views non-verbally"
    PN4 = "PN4", "Child attended but did not give their views"
    PN5 = "PN5", "Child did not attend but briefed an advocate"
    PN6 = "PN6", "Child did not attend but gave their views another way"
    PN7 = "PN7", "Child did not attend and their views were not given"


class MissingType(models.TextChoices):
    """SSDA903 ``MISSING`` (rule 1006)."""

    MISSING = "M", "Missing"
    AWAY = "A", "Away from placement without authorisation"


class SWReason(models.TextChoices):
    """SSDA903 ``SW_REASON``: why the social worker changed (rule SW13STG1, from 2023-24)."""

    MANAGE = "MANAGE", "Management decision"
    FCONTA = "FCONTA", "First contact with a social worker"
    LEFTRL = "LEFTRL", "Social worker left the role"
    ORGRST = "ORGRST", "Organisational restructure"
    TSPROC = "TSPROC", "Transfer between teams as standard process"
    ABSENC = "ABSENC", "Social worker absence"
    CHCHAN = "CHCHAN", "Child asked for a change"
    PCCHAN = "PCCHAN", "Parent or carer asked for a change"
    SWDIED = "SWDIED", "Social worker died"
    OTHERS = "OTHERS", "Other"


# --------------------------------------------------------------------------------------------
# SSDA903: OC2, OC3, adoption, previous permanence
# --------------------------------------------------------------------------------------------


class SDQReason(models.TextChoices):
    """SSDA903 ``SDQ_REASON``: why there is no SDQ score (rule 196)."""

    SDQ1 = "SDQ1", "Child under 4 or over 16 at the date of the latest assessment"
    SDQ2 = "SDQ2", "Carer refused to complete and return the questionnaire"
    SDQ3 = "SDQ3", "Not possible because of the severity of the child's disability"
    SDQ4 = "SDQ4", "Other"
    SDQ5 = "SDQ5", "Young person refused to allow an SDQ to be completed"


class InTouch(models.TextChoices):
    """SSDA903 OC3 ``IN_TOUCH`` (rule 131)."""

    YES = "YES", "Yes, in touch"
    NO = "NO", "No, not in touch"
    DIED = "DIED", "Young person has died"
    REFU = "REFU", "Young person refuses contact"
    NREQ = "NREQ", "Young person no longer wants or needs services"
    RHOM = "RHOM", "Returned home to parents for 6 months or more"


class CareLeaverActivity(models.TextChoices):
    """SSDA903 OC3 ``ACTIV`` (rule 132). ``0`` when IN_TOUCH is DIED or RHOM (rule 344)."""

    F1 = "F1", "Full-time higher education"
    P1 = "P1", "Part-time higher education"
    F2 = "F2", "Full-time education other than higher education"
    P2 = "P2", "Part-time education other than higher education"
    F4 = "F4", "Full-time apprenticeship"
    P4 = "P4", "Part-time apprenticeship"
    F5 = "F5", "Full-time training or employment (not an apprenticeship)"
    P5 = "P5", "Part-time training or employment (not an apprenticeship)"
    G4 = "G4", "Not in education, employment or training - illness or disability"
    G5 = "G5", "Not in education, employment or training - other reasons"
    G6 = "G6", "Not in education, employment or training - pregnancy or parenting"
    NOT_APPLICABLE = "0", "Not applicable (young person died or returned home)"


class CareLeaverAccommodation(models.TextChoices):
    """SSDA903 OC3 ``ACCOM`` (rule 133): a letter for the type, then 1 suitable / 2 not suitable.

    Only the unsuitable form exists for S (no fixed abode) and X (custody). ``0`` when
    IN_TOUCH is DIED or RHOM (rule 344). ``ACCOMMODATION_TYPE`` and ``ACCOMMODATION_SUITABLE``
    split a code into its parts.
    """

    B1 = "B1", "With parents or relatives - suitable"
    B2 = "B2", "With parents or relatives - not suitable"
    C1 = "C1", "Community home or other residential care - suitable"
    C2 = "C2", "Community home or other residential care - not suitable"
    D1 = "D1", "Semi-independent or transitional accommodation - suitable"
    D2 = "D2", "Semi-independent or transitional accommodation - not suitable"
    E1 = "E1", "Supported lodgings - suitable"
    E2 = "E2", "Supported lodgings - not suitable"
    G1 = "G1", "Gone abroad - suitable"
    G2 = "G2", "Gone abroad - not suitable"
    H1 = "H1", "Deported - suitable"
    H2 = "H2", "Deported - not suitable"
    K1 = "K1", "Ordinary lodgings without formal support - suitable"
    K2 = "K2", "Ordinary lodgings without formal support - not suitable"
    R1 = "R1", "Residence not known - suitable"
    R2 = "R2", "Residence not known - not suitable"
    S2 = "S2", "No fixed abode or homeless - not suitable"
    T1 = "T1", "Foyer or similar supported accommodation - suitable"
    T2 = "T2", "Foyer or similar supported accommodation - not suitable"
    U1 = "U1", "Independent living, e.g. own flat or tenancy - suitable"
    U2 = "U2", "Independent living, e.g. own flat or tenancy - not suitable"
    V1 = "V1", "Emergency accommodation, e.g. night shelter or hostel - suitable"
    V2 = "V2", "Emergency accommodation, e.g. night shelter or hostel - not suitable"
    W1 = "W1", "Bed and breakfast - suitable"
    W2 = "W2", "Bed and breakfast - not suitable"
    X2 = "X2", "In custody - not suitable"
    Y1 = "Y1", "Other accommodation - suitable"
    Y2 = "Y2", "Other accommodation - not suitable"
    Z1 = "Z1", "With former foster carer(s) - suitable"
    Z2 = "Z2", "With former foster carer(s) - not suitable"
    NOT_APPLICABLE = "0", "Not applicable (young person died or returned home)"


class PrevPerm(models.TextChoices):
    """SSDA903 ``PREV_PERM``: permanence order before this period of care (rule 631).

    Z1 needs no ``LA_PERM`` or ``DATE_PERM`` (rule 630); the P codes need both.
    """

    P1 = "P1", "Adoption"
    P2 = "P2", "Special guardianship order"
    P3 = "P3", "Residence order (before 22 April 2014)"
    P4 = "P4", "Child arrangements order naming who the child lives with"
    Z1 = "Z1", "No previous permanence order, or not known"


class LAOutsideEngland(models.TextChoices):
    """Codes used in place of an English LA number in ``LA_PERM`` (rule 633)."""

    WAL = "WAL", "Wales"
    SCO = "SCO", "Scotland"
    NIR = "NIR", "Northern Ireland"
    NUK = "NUK", "Outside the UK"


class ReasonPlacedCeased(models.TextChoices):
    """SSDA903 ``REASON_PLACED_CEASED``: why the adoption decision was reversed (rule 120).

    Only RD1-RD4 are valid here; adoption itself (E11/E12) is recorded as ``REC`` on the episode.
    """

    RD1 = "RD1", "The child's needs changed after the decision"
    RD2 = "RD2", "The court did not make a placement order"
    RD3 = "RD3", "Prospective adopters could not be found"
    RD4 = "RD4", "Any other reason"


class SexAdopter(models.TextChoices):
    """SSDA903 AD1 ``SEX_ADOPTR`` (rule 176)."""

    M1 = "M1", "Single male adopter"
    F1 = "F1", "Single female adopter"
    MM = "MM", "Two male adopters"
    FF = "FF", "Two female adopters"
    MF = "MF", "Male and female adopters"


class LegalStatusAdopter(models.TextChoices):
    """SSDA903 AD1 ``LS_ADOPTR`` (rule 177); rules 514-524 tie each to ``SEX_ADOPTR``."""

    L0 = "L0", "Single adopter"
    L11 = "L11", "Married couple - opposite sex"
    L12 = "L12", "Married couple - same sex"
    L2 = "L2", "Civil partners"
    L3 = "L3", "Unmarried couple - opposite sex"
    L4 = "L4", "Unmarried couple - same sex"


# --------------------------------------------------------------------------------------------
# Year limits the validators enforce (inclusive collection years)
# --------------------------------------------------------------------------------------------

VALID_FROM: dict[type[models.TextChoices], dict[str, str]] = {
    Sex: {"M": "2024-25", "F": "2024-25", "U": "2024-25"},
    Sex903: {"M": "2024-25", "F": "2024-25", "U": "2024-25"},
    PlacementType: {
        "K3": "2024-25",
        "Z11": "2025-26",
        "Z12": "2025-26",
        "Z13": "2025-26",
        "Z14": "2025-26",
    },
    # The SWEpisodes table, and so every SW_REASON, starts with 2023-24.
    SWReason: dict.fromkeys(SWReason.values, "2023-24"),
}

VALID_UNTIL: dict[type[models.TextChoices], dict[str, str]] = {
    Sex903: {"1": "2023-24", "2": "2023-24"},
    GenderCurrentCIN: dict.fromkeys(GenderCurrentCIN.values, "2023-24"),
    PlacementType: {"H5": "2024-25", "P2": "2024-25", "Z1": "2024-25"},
}

UPN_UNKNOWN_CIN: frozenset[str] = frozenset(f"UN{n}" for n in range(1, 8))
"""UPN-unknown codes the CIN census accepts (UN1-UN7)."""

UPN_UNKNOWN_903: frozenset[str] = frozenset(f"UN{n}" for n in range(1, 6))
"""UPN-unknown codes the SSDA903 accepts (UN1-UN5, rule 168)."""


def collection_year_from_end_year(end_year: int | str) -> str:
    """``2025`` (the validators' ``collectionYear``) -> ``"2024-25"``."""
    end = int(end_year)
    return f"{end - 1}-{end % 100:02d}"


def _check_year(collection_year: str) -> None:
    if collection_year not in COLLECTION_YEARS:
        raise ValueError(f"Unknown collection year {collection_year!r}; expected e.g. '2024-25'")


def is_code_valid(choices: type[models.TextChoices], code: str, collection_year: str) -> bool:
    """Is ``code`` one of ``choices`` and valid in ``collection_year`` (e.g. ``"2024-25"``)?"""
    _check_year(collection_year)
    if code not in choices.values:
        return False
    start = VALID_FROM.get(choices, {}).get(code)
    end = VALID_UNTIL.get(choices, {}).get(code)
    return (start is None or collection_year >= start) and (end is None or collection_year <= end)


def codes_valid_in(choices: type[models.TextChoices], collection_year: str) -> list[str]:
    """The codes of ``choices`` valid in ``collection_year``, in declaration order."""
    _check_year(collection_year)
    return [code for code in choices.values if is_code_valid(choices, code, collection_year)]


def max_code_length(choices: type[models.TextChoices]) -> int:
    """Longest code in ``choices``: the ``max_length`` a CharField needs to hold it."""
    return max(len(code) for code in choices.values)


# --------------------------------------------------------------------------------------------
# Groupings for reports and the synthetic data generator
# --------------------------------------------------------------------------------------------

ETHNICITY_GROUP: dict[str, str] = {
    "WBRI": "White",
    "WIRI": "White",
    "WOTH": "White",
    "WIRT": "White",
    "WROM": "White",
    "MWBC": "Mixed",
    "MWBA": "Mixed",
    "MWAS": "Mixed",
    "MOTH": "Mixed",
    "AIND": "Asian",
    "APKN": "Asian",
    "ABAN": "Asian",
    "AOTH": "Asian",
    "BCRB": "Black",
    "BAFR": "Black",
    "BOTH": "Black",
    # DfE's statistics count Chinese under "Other ethnic groups", not Asian.
    "CHNE": "Other",
    "OOTH": "Other",
    "REFU": "Not known",
    "NOBT": "Not known",
}
"""Ethnicity code -> DfE's broad group: White, Mixed, Asian, Black, Other or Not known."""

PLACEMENT_GROUP: dict[str, str] = {
    "A3": "adoption",
    "A4": "adoption",
    "A5": "adoption",
    "A6": "adoption",
    "H5": "semi_independent",
    "K1": "childrens_home",
    "K2": "childrens_home",
    "K3": "semi_independent",
    "P1": "placed_with_parents",
    "P2": "semi_independent",
    "P3": "other",
    "R1": "other",
    "R2": "other",
    "R3": "other",
    "R5": "other",
    "S1": "other",
    "T0": "other",
    "T1": "other",
    "T2": "other",
    "T3": "other",
    "T4": "other",
    "U1": "kinship_foster",
    "U2": "kinship_foster",
    "U3": "kinship_foster",
    "U4": "foster",
    "U5": "foster",
    "U6": "foster",
    "Z1": "other",
    "Z11": "other",
    "Z12": "other",
    "Z13": "other",
    "Z14": "other",
}
"""PLACE code -> foster, kinship_foster, childrens_home, semi_independent, placed_with_parents,
adoption or other. K1 (secure) counts as a children's home; K3, H5 and P2 as semi-independent."""

LEGAL_STATUS_GROUP: dict[str, str] = {
    "C1": "interim_care_order",
    "C2": "care_order",
    "D1": "placement_order",
    "E1": "placement_order",
    "J1": "youth_justice",
    "J2": "youth_justice",
    "J3": "youth_justice",
    "L1": "emergency",
    "L2": "emergency",
    "L3": "emergency",
    "V2": "section_20",
    "V3": "section_20",
    "V4": "section_20",
}
"""LS code -> care_order, interim_care_order, section_20, placement_order, youth_justice or
emergency. D1 (freeing order, the pre-2005 route to adoption) counts as a placement order."""

TEMPORARY_PLACEMENTS: frozenset[str] = frozenset({"T0", "T1", "T2", "T3", "T4"})
"""Temporary moves: no placement provider or change reason needed; a period of care cannot
start or end with one (rules 380, 381)."""

ADOPTION_PLACEMENTS: frozenset[str] = frozenset({"A3", "A4", "A5", "A6"})

SHORT_BREAK_LEGAL_STATUSES: frozenset[str] = frozenset({"V3", "V4"})
"""Respite (short breaks). Many 903 rules leave these children out of looked-after counts."""

ADOPTED_REASONS: frozenset[str] = frozenset({"E11", "E12"})
SGO_REASONS: frozenset[str] = frozenset({"E45", "E46", "E47", "E48"})

ACCOMMODATION_TYPE: dict[str, str] = {
    "B": "With parents or relatives",
    "C": "Community home or other residential care",
    "D": "Semi-independent or transitional accommodation",
    "E": "Supported lodgings",
    "G": "Gone abroad",
    "H": "Deported",
    "K": "Ordinary lodgings without formal support",
    "R": "Residence not known",
    "S": "No fixed abode or homeless",
    "T": "Foyer or similar supported accommodation",
    "U": "Independent living",
    "V": "Emergency accommodation",
    "W": "Bed and breakfast",
    "X": "In custody",
    "Y": "Other accommodation",
    "Z": "With former foster carer(s)",
}
"""First letter of a ``CareLeaverAccommodation`` code -> the kind of accommodation."""

ACCOMMODATION_SUITABLE: dict[str, bool] = {
    code: code.endswith("1") for code in CareLeaverAccommodation.values if code != "0"
}
"""``CareLeaverAccommodation`` code -> whether the accommodation is suitable."""
