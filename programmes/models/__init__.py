"""The catalogue: programmes with their intakes, the places they run, and events; and the dated
rules around them (admission, tuition, other costs, exemptions, schemes). Import from here."""

from .admission_rules import AdmissionRoute, EntranceTestRound, Exemption, Profile
from .catalogue import (
    Education,
    Field,
    Intake,
    IntakeQuerySet,
    Location,
    Programme,
    ProgrammeQuerySet,
)
from .costs import AcademicYear, Amount, OtherCost, Scheme, SchemeQuerySet, Tuition
from .dated import Dated, DatedQuerySet
from .events import EVENING_HOUR, WHEN, Event, EventQuerySet
from .source import ImportRun

__all__ = [
    "EVENING_HOUR",
    "WHEN",
    "AcademicYear",
    "AdmissionRoute",
    "Amount",
    "Dated",
    "DatedQuerySet",
    "Education",
    "EntranceTestRound",
    "Event",
    "EventQuerySet",
    "Exemption",
    "Field",
    "ImportRun",
    "Intake",
    "IntakeQuerySet",
    "Location",
    "OtherCost",
    "Profile",
    "Programme",
    "ProgrammeQuerySet",
    "Scheme",
    "SchemeQuerySet",
    "Tuition",
]
