"""What the catalogue takes from an OOAPI v5 program and its offerings, in one place.

PROGRAMME_FIELDS and INTAKE_FIELDS say which field of ours comes from which part of the
source; the readers below them check each value against the contract (ooapi.json 5.0.0) as
they read it. A value that breaks the contract stops the whole run (BrokenContract): a source
that sends one wrong value may send others we cannot see. A valid program or offering that the
site cannot use (no Dutch name, a master's level) is skipped with the reason (Unusable).
Nothing here touches the database.
"""

import dataclasses
import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


class BrokenContract(Exception):
    """The source sent something the OOAPI contract does not allow: the run changes nothing."""


class Unusable(Exception):
    """A valid program or offering the catalogue cannot take: it is skipped, with this reason."""


# The values the contract allows where we read an enumeration (ooapi.json, 5.0.0).
MODES_OF_STUDY = ("full-time", "part-time", "dual training", "self-paced")
PROGRAM_TYPES = ("program", "minor", "honours", "specialization", "track")
LEVELS = (
    "secondary vocational education",
    "secondary vocational education 1",
    "secondary vocational education 2",
    "secondary vocational education 3",
    "secondary vocational education 4",
    "associate degree",
    "bachelor",
    "master",
    "doctoral",
    "undefined",
    "undivided",
    "nt2-1",
    "nt2-2",
)
LEVELS_OF_QUALIFICATION = ("1", "2", "3", "4", "4+", "5", "6", "7", "8")
STUDY_LOAD_UNITS = ("contacttime", "ects", "sbu", "sp", "hour")
OFFERING_TYPES = ("program", "course", "component")
REGISTRATION_STATUSES = ("open", "closed")  # the RIO consumer's cohortStatus
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DURATION = re.compile(
    r"^(-?)P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)([DW]))?"
    r"(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
AMOUNT = re.compile(r"^\d+(?:\.\d+)?$")

# Only work-based routes are offered for import; the others are listed in the log and skipped.
IMPORTED_MODES = ("dual training", "part-time")
MODE_NAMES = {
    "full-time": _("voltijd"),
    "part-time": _("deeltijd"),
    "dual training": _("duaal"),
    "self-paced": _("in eigen tempo"),
}
# Texts in Dutch: nl-NL, else plain nl.
DUTCH = ("nl-NL", "nl")
CROHO = "crohoCreboCode"
RIO = "rio"
# Our degrees (Programme.Degree) with their study load in EC and years.
DEGREE_BY_LEVEL = {"associate degree": "ad", "bachelor": "bachelor"}
DEGREE_BY_QUALIFICATION = {"5": "ad", "6": "bachelor"}
STANDARD = {"ad": (120, 2), "bachelor": (240, 4)}
SUMMARY_LENGTH = 300  # Programme.summary
# priceInformation's costType (an extensible enumeration) as the name of our cost line.
COST_NAMES = {
    "total costs": _("Totale kosten volgens de hogeschool"),
    "STAP eligible": _("Kosten die in aanmerking kwamen voor STAP-budget"),
}
# A new programme's field of study (vakgebied) from the broad field of its ISCED-F code
# (fieldsOfStudy); after that the field is ours.
ISCED_FIELDS = {
    "00": _("Algemeen"),
    "01": _("Onderwijs"),
    "02": _("Kunst en cultuur"),
    "03": _("Gedrag en maatschappij"),
    "04": _("Economie, bestuur en recht"),
    "05": _("Natuurwetenschappen en wiskunde"),
    "06": _("ICT"),
    "07": _("Techniek"),
    "08": _("Landbouw en natuur"),
    "09": _("Zorg en welzijn"),
    "10": _("Dienstverlening"),
}
NO_FIELD = _("Nog in te delen")


class Document:
    """A program, offering or cost as the source sent it, read with the contract's checks;
    `where` names it in the reasons a staff member reads."""

    def __init__(self, data, where):
        if not isinstance(data, dict):
            raise BrokenContract(_("%(where)s is geen object.") % {"where": where})
        self.data, self.where = data, where

    def fail(self, key, problem):
        return BrokenContract(
            _("%(where)s: %(key)s %(problem)s.")
            % {"where": self.where, "key": key, "problem": problem}
        )

    def value(self, key, kind, required=False):
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(key, _("ontbreekt"))
            return None
        # bool is an int in Python, never in JSON
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _tuple(kind)):
            raise self.fail(key, _("heeft het verkeerde type (%(type)s)") % {"type": _type(value)})
        return value

    def string(self, key, required=False):
        return self.value(key, str, required)

    def enum(self, key, allowed, required=False):
        value = self.string(key, required)
        if value is not None and value not in allowed:
            raise self.fail(
                key,
                _("heeft de onbekende waarde “%(value)s” (het contract kent: %(allowed)s)")
                % {"value": value[:80], "allowed": ", ".join(allowed)},
            )
        return value

    def date(self, key, required=False):
        value = self.string(key, required)
        if value is None:
            return None
        try:
            if not DATE.match(value):
                raise ValueError
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise self.fail(key, _("is geen datum (%(value)s)") % {"value": value[:40]}) from None

    def integer(self, key):
        value = self.value(key, (int, float))
        if value is not None and (value != int(value) or value < 0):
            raise self.fail(key, _("is geen heel getal van 0 of meer"))
        return None if value is None else int(value)

    def texts(self, key, required=False):
        """A LanguageTypedString array as {language: value}."""
        items = self.value(key, list, required) or []
        found = {}
        for item in items:
            if not isinstance(item, dict):
                raise self.fail(key, _("bevat iets anders dan een tekst met taal"))
            language, value = item.get("language"), item.get("value")
            if not isinstance(language, str) or not isinstance(value, (str, type(None))):
                raise self.fail(key, _("bevat een tekst zonder geldige taal of waarde"))
            found.setdefault(language, value or "")
        if required and not found:
            raise self.fail(key, _("is leeg"))
        return found

    def dutch(self, key, required=False):
        """The Dutch text of key; Unusable when the source has it only in other languages."""
        texts = self.texts(key, required)
        for language in DUTCH:
            if texts.get(language, "").strip():
                return texts[language].strip()
        if texts or required:
            raise Unusable(
                _("%(where)s heeft geen Nederlandse tekst (nl-NL) voor %(key)s.")
                % {"where": self.where, "key": key}
            )
        return ""

    def objects(self, key):
        items = self.value(key, list) or []
        return [Document(item, f"{self.where}, {key}") for item in items]


def _tuple(kind):
    return kind if isinstance(kind, tuple) else (kind,)


def _type(value):
    return type(value).__name__


# ---- A program ---------------------------------------------------------------------------


def codes(program):
    """primaryCode and otherCodes as (codeType, code) pairs."""
    entries = []
    primary = program.value("primaryCode", dict)
    if primary is not None:
        entries.append(Document(primary, f"{program.where}, primaryCode"))
    entries += program.objects("otherCodes")
    return [(entry.string("codeType", True), entry.string("code", True)) for entry in entries]


def croho_code(program):
    found = [code.strip() for kind, code in codes(program) if kind == CROHO]
    return found[0] if found else ""


def degree(program):
    level = program.enum("level", LEVELS)
    qualification = program.enum("levelOfQualification", LEVELS_OF_QUALIFICATION)
    if level is None and qualification is None:
        raise Unusable(_("%(where)s noemt geen niveau.") % {"where": program.where})
    found = DEGREE_BY_LEVEL.get(level) if level else DEGREE_BY_QUALIFICATION.get(qualification)
    if found is None:
        raise Unusable(
            _("%(where)s heeft niveau %(level)s: alleen Associate degree en bachelor passen.")
            % {"where": program.where, "level": level or qualification}
        )
    return found


def ec(program):
    load = program.value("studyLoad", dict)
    if load is None:
        return STANDARD[degree(program)][0]
    load = Document(load, f"{program.where}, studyLoad")
    unit = load.enum("studyLoadUnit", STUDY_LOAD_UNITS)
    value = load.value("value", (int, float))
    if unit != "ects" or value is None or value != int(value):
        raise Unusable(
            _("%(where)s geeft de studielast niet in hele EC (%(value)s %(unit)s).")
            % {"where": program.where, "value": value, "unit": unit}
        )
    return int(value)


def duration_years(program):
    value = program.string("duration")
    if value is None:
        return STANDARD[degree(program)][1]
    match = DURATION.match(value)
    if not match:
        raise program.fail("duration", _("is geen ISO 8601-duur (%(value)s)") % {"value": value})
    sign, years, months, days, *time = match.groups()
    total_months = int(years or 0) * 12 + int(months or 0)
    if sign or days or any(time) or total_months % 12 or not total_months:
        raise Unusable(
            _("%(where)s duurt %(value)s: geen heel aantal jaren.")
            % {"where": program.where, "value": value}
        )
    return total_months // 12


def summary(program):
    """The description, shortened to fit the summary: at a sentence, else at a word."""
    text = " ".join(program.dutch("description", required=True).split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    cut = text[:SUMMARY_LENGTH]
    sentence = cut.rfind(". ")
    if sentence > SUMMARY_LENGTH // 2:
        return cut[: sentence + 1]
    return cut[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"


# Programme field ← how to read it from a program. The import writes these (unless an editor
# took one over); every other field of a programme is ours and never written by the import.
PROGRAMME_FIELDS = {
    "name": lambda program: program.dutch("name", required=True),
    "croho_code": croho_code,
    "degree": degree,
    "ec": ec,
    "duration_years": duration_years,
    "summary": summary,
    "school_url": lambda program: program.string("link") or "",
}


@dataclasses.dataclass
class Program:
    source_id: str
    label: str  # for the log: the Dutch name where there is one
    mode: str | None
    values: dict = dataclasses.field(default_factory=dict)
    skip: str = ""  # why it is not imported
    field_name: str = ""  # the vakgebied a new programme gets

    @property
    def croho_code(self):
        return self.values.get("croho_code", "")


def read_program(data):
    """A program as the catalogue takes it, or with the reason it is skipped."""
    program = Document(data, _("een programma"))
    source_id = program.string("programId", required=True)
    names = program.texts("name", required=True)
    label = next((names[lang] for lang in DUTCH if names.get(lang)), None)
    label = label or next(iter(names.values()), "") or source_id
    program.where = _("programma “%(name)s”") % {"name": label[:120]}
    kind = program.enum("programType", PROGRAM_TYPES, required=True)
    mode = program.enum("modeOfStudy", MODES_OF_STUDY)
    found = Program(source_id=source_id, label=label[:120], mode=mode)
    if kind != "program":
        found.skip = _("een %(kind)s, geen opleiding") % {"kind": kind}
    elif mode not in IMPORTED_MODES:
        found.skip = (
            _("%(mode)s: alleen duaal en deeltijd worden overgenomen") % {"mode": MODE_NAMES[mode]}
            if mode
            else _("geen vorm (modeOfStudy): alleen duaal en deeltijd worden overgenomen")
        )
    if found.skip:
        return found
    try:
        found.values = {name: read(program) for name, read in PROGRAMME_FIELDS.items()}
    except Unusable as reason:
        found.skip = str(reason)
        return found
    isced = program.string("fieldsOfStudy") or ""
    found.field_name = str(ISCED_FIELDS.get(isced[:2], NO_FIELD))
    return found


# ---- An offering -------------------------------------------------------------------------


def registration_closed(offering):
    for consumer in offering.objects("consumers"):
        if consumer.string("consumerKey", required=True) == RIO:
            return consumer.enum("registrationStatus", REGISTRATION_STATUSES) == "closed"
    return False


def application_deadline(offering):
    deadline = offering.date("enrollEndDate")
    if deadline is None:
        raise Unusable(
            _("%(where)s noemt geen laatste dag om aan te melden (enrollEndDate).")
            % {"where": offering.where}
        )
    return deadline


# Intake field ← how to read it from an offering; the rest of an intake is ours.
INTAKE_FIELDS = {
    "start_date": lambda offering: offering.date("startDate", required=True),
    "applications_open": lambda offering: offering.date("enrollStartDate"),
    "application_deadline": application_deadline,
    "capacity": lambda offering: offering.integer("maxNumberStudents"),
    "registration_closed": registration_closed,
}


@dataclasses.dataclass
class CostLine:
    key: str
    name: str
    amount: Decimal
    valid_from: datetime.date
    valid_to: datetime.date


@dataclasses.dataclass
class Offering:
    source_id: str
    values: dict = dataclasses.field(default_factory=dict)
    costs: list = dataclasses.field(default_factory=list)
    skip: str = ""
    skipped_costs: list = dataclasses.field(default_factory=list)


def academic_year(day):
    """The academic year (1 September to 31 August) that day falls in, by its first year."""
    return day.year if day.month >= 9 else day.year - 1


def cost_lines(offering, start):
    """priceInformation as cost lines of the academic year the offering starts in; lines in
    another currency or without an amount are skipped, with the reason."""
    year = academic_year(start)
    lines, skipped = [], []
    for cost in offering.objects("priceInformation"):
        kind = cost.string("costType", required=True)
        amount, currency = cost.string("amount"), cost.string("currency") or "EUR"
        if amount is not None and not AMOUNT.match(amount):
            raise cost.fail("amount", _("is geen bedrag (%(value)s)") % {"value": amount[:40]})
        if amount is None or currency != "EUR":
            skipped.append(
                _("%(where)s: kosten “%(kind)s” zonder bedrag in euro")
                % {"where": offering.where, "kind": kind}
            )
            continue
        lines.append(
            CostLine(
                key=f"{kind}|{year}",
                name=str(COST_NAMES.get(kind, kind))[:120],
                amount=Decimal(amount),
                valid_from=datetime.date(year, 9, 1),
                valid_to=datetime.date(year + 1, 8, 31),
            )
        )
    return lines, skipped


def read_offering(data, programme_label):
    offering = Document(data, _("een aanbod van %(name)s") % {"name": programme_label})
    source_id = offering.string("offeringId", required=True)
    offering.enum("offeringType", OFFERING_TYPES, required=True)
    start = offering.date("startDate", required=True)
    offering.date("endDate", required=True)
    offering.where = _("de start van %(name)s op %(date)s") % {
        "name": programme_label,
        "date": start.isoformat(),
    }
    found = Offering(source_id=source_id)
    try:
        found.values = {name: read(offering) for name, read in INTAKE_FIELDS.items()}
    except Unusable as reason:
        found.skip = str(reason)
        return found
    found.costs, found.skipped_costs = cost_lines(offering, start)
    return found
