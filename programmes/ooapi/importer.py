"""One import from OOAPI: everything is read and checked first, then saved programme by
programme, each in a transaction of its own; the run is logged as an ImportRun.

A run that cannot read its source (timeout, 401, invalid JSON, a document that breaks the
contract) fails before it writes anything. A programme the source no longer lists is
unpublished, never deleted: leads, reminders and werkplekken keep pointing at it.
"""

import dataclasses
import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mkbroute.lib.slugs import save_with_free_slug, unique_slug

from ..models import Field, ImportRun, Intake, OtherCost, Programme
from .client import Source, SourceError
from .mapping import IMPORTED_MODES, PROGRAMME_FIELDS, BrokenContract, read_offering, read_program

logger = logging.getLogger(__name__)
Kind = ImportRun.Kind
COUNTED = {
    Kind.ADDED: "added",
    Kind.CHANGED: "changed",
    Kind.UNPUBLISHED: "unpublished",
    Kind.SKIPPED: "skipped",
}


@dataclasses.dataclass
class Planned:
    program: object  # mapping.Program
    offerings: list


def run_import(source=None, dry_run=False):
    """Import the catalogue from source (settings.OOAPI_* by default). Returns the run; a dry
    run saves nothing, not even its log, and says what a real run would change."""
    run = ImportRun(started_at=timezone.now(), status=ImportRun.Status.OK, lines=[])
    opened = source is None
    source = source or Source()
    run.source = source.url
    try:
        try:
            plan = read_everything(source)
        finally:
            if opened:
                source.close()
        Saver(run, dry_run).save(plan)
    except (SourceError, BrokenContract) as error:
        fail(run, str(error), keep_lines=False)
    except DatabaseError as error:
        # Programmes saved before this one are whole; this one rolled back, the rest wait.
        fail(run, _("Opslaan mislukte (%(error)s).") % {"error": error}, keep_lines=True)
    run.finished_at = timezone.now()
    if not dry_run:
        run.save()
    return run


def fail(run, reason, keep_lines):
    logger.warning("the import from OOAPI failed: %s", reason)
    run.status, run.reason = ImportRun.Status.FAILED, reason
    if not keep_lines:
        run.lines = []
        run.added = run.changed = run.unpublished = run.skipped = 0


def read_everything(source):
    """Every program with its offerings, read and checked; nothing is written yet."""
    programs = [read_program(data) for data in source.programs()]
    if not programs and Programme.objects.filter(source_id__isnull=False).exists():
        raise SourceError(
            _(
                "De bron geeft geen enkele opleiding, terwijl er opleidingen uit OOAPI in de "
                "catalogus staan: er is niets gewijzigd en niets gedepubliceerd. Klopt "
                "OOAPI_URL (en OOAPI_ORGANIZATION)?"
            )
        )
    # A dual and a part-time variant may share one CROHO code: the dual one comes first.
    programs.sort(key=lambda p: IMPORTED_MODES.index(p.mode) if p.mode in IMPORTED_MODES else 9)
    plan = []
    for program in programs:
        offerings = []
        if not program.skip:
            found = source.offerings(program.source_id)
            offerings = [read_offering(data, program.label) for data in found]
        plan.append(Planned(program, offerings))
    return plan


def note(run, kind, text):
    run.lines.append([kind.value, text])
    if kind in COUNTED:
        setattr(run, COUNTED[kind], getattr(run, COUNTED[kind]) + 1)


def day(value):
    return date_format(value, "j F Y") if value else "–"


def invalid(error, model, where):
    """A ValidationError as one Dutch sentence naming the fields."""
    parts = []
    for name, messages in error.message_dict.items():
        label = "" if name == "__all__" else f"{model._meta.get_field(name).verbose_name}: "
        parts.append(label + " ".join(messages))
    return f"{where}: {'; '.join(parts)}"


class Skip(Exception):
    """This programme is not saved; the reason goes in the log."""


class Saver:
    def __init__(self, run, dry_run):
        self.run, self.dry_run = run, dry_run
        self.now = run.started_at
        self.claimed = {}  # programme pk → the label of the program that claimed it
        self.touched = set()

    def save(self, plan):
        listed = {planned.program.source_id for planned in plan}
        for planned in plan:
            program = planned.program
            if program.skip:
                note(self.run, Kind.SKIPPED, f"{program.label}: {program.skip}")
                continue
            try:
                with transaction.atomic():
                    self.save_programme(program, planned.offerings)
                    if self.dry_run:
                        transaction.set_rollback(True)
            except Skip as reason:
                note(self.run, Kind.SKIPPED, str(reason))
        self.unpublish_gone(listed)

    # ---- programmes -------------------------------------------------------------------

    def match(self, program):
        """The catalogue's programme for program: by CROHO code, else by the source's id."""
        if program.croho_code:
            candidates = list(Programme.objects.filter(croho_code=program.croho_code))
            linked = [c for c in candidates if c.source_id == program.source_id]
            if linked or len(candidates) == 1:
                return (linked or candidates)[0]
            if candidates:
                raise Skip(
                    _(
                        "%(name)s: %(count)s opleidingen in de catalogus hebben CROHO-code "
                        "%(code)s; maak de codes uniek, dan koppelt de volgende import."
                    )
                    % {
                        "name": program.label,
                        "count": len(candidates),
                        "code": program.croho_code,
                    }
                )
        return Programme.objects.filter(source_id=program.source_id).first()

    def save_programme(self, program, offerings):
        programme = self.match(program)
        if programme is not None and programme.pk in self.claimed:
            raise Skip(
                _("%(name)s: dezelfde opleiding (CROHO-code %(code)s) als %(other)s; overgeslagen.")
                % {
                    "name": program.label,
                    "code": program.croho_code,
                    "other": self.claimed[programme.pk],
                }
            )
        added = programme is None
        if added:
            programme = self.add(program)
            changes = []
        else:
            changes = self.update(programme, program)
        self.claimed[programme.pk] = program.label
        self.touched.add(programme.pk)
        changes += self.save_intakes(programme, program, offerings)
        changes += self.save_costs(programme, offerings)
        if changes and not added:
            note(self.run, Kind.CHANGED, f"{programme}: {', '.join(changes)}")

    def check(self, programme, where):
        others = [f.name for f in Programme._meta.fields if f.name not in PROGRAMME_FIELDS]
        try:
            programme.full_clean(exclude=others, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise Skip(invalid(error, Programme, where)) from None

    def add(self, program):
        values = program.values
        field = Field.objects.filter(name=program.field_name).first()
        if field is None:
            slug = unique_slug(Field, program.field_name, "vakgebied")
            field = Field.objects.create(name=program.field_name, slug=slug)
        programme = Programme(
            **values,
            field=field,
            published=False,
            tuition_eur=0,
            source_id=program.source_id,
            source_values=values,
            source_changed_at=self.now,
        )
        self.check(programme, program.label)
        slug_text = f"{values['degree']} {values['name']}"
        save_with_free_slug(programme, slug_text, "opleiding", programme.save)
        note(
            self.run,
            Kind.ADDED,
            _(
                "%(programme)s (niet gepubliceerd: vul vakgebied, locaties, toelating, werkplek "
                "en tekst aan en publiceer)"
            )
            % {"programme": programme},
        )
        return programme

    def update(self, programme, program):
        """Write the source's values into the fields it owns; note the ones an editor took
        over whose source value moved. The names of the fields that changed."""
        values, changes = program.values, []
        first_link = not programme.from_source
        if programme.source_id != program.source_id:
            programme.source_id = program.source_id
        for name, value in values.items():
            label = str(Programme._meta.get_field(name).verbose_name)
            ours = getattr(programme, name)
            if first_link and ours != value and ours not in ("", None):
                # Typed by hand before the link: the site keeps it until an editor accepts.
                programme.source_own[name] = None
            if name in programme.source_own:
                was = programme.source_values.get(name)
                if value != was and value != programme.source_own[name] and value != ours:
                    note(self.run, Kind.TO_ACCEPT, f"{programme}: {label} → {value}")
            elif ours != value:
                setattr(programme, name, value)
                changes.append(label)
        dirty = bool(changes) or first_link or programme.source_values != values
        if programme.source_withdrawn_at:
            programme.published, programme.source_withdrawn_at = True, None
            note(self.run, Kind.REPUBLISHED, str(programme))
            dirty = True
        if programme.source_values != values:
            programme.source_changed_at = self.now
        programme.source_values = values
        self.check(programme, str(programme))
        if dirty:
            programme.save()
        return changes

    # ---- intakes ------------------------------------------------------------------------

    def save_intakes(self, programme, program, offerings):
        changes = []
        ids = [offering.source_id for offering in offerings]
        known = {intake.source_id: intake for intake in Intake.objects.filter(source_id__in=ids)}
        by_hand = {
            intake.start_date: intake
            for intake in programme.intakes.filter(source_id__isnull=True, archived=False)
        }
        for offering in offerings:
            if offering.skip:
                note(self.run, Kind.SKIPPED, offering.skip)
                continue
            values = offering.values
            intake = known.get(offering.source_id) or by_hand.pop(values["start_date"], None)
            new = intake is None
            if new:
                intake = Intake(programme=programme)
            intake.programme, intake.source_id = programme, offering.source_id
            fields = [name for name, value in values.items() if getattr(intake, name) != value]
            for name in fields:
                setattr(intake, name, values[name])
            if intake.archived_by_source:
                intake.archived = intake.archived_by_source = False
                fields.append("archived")
            try:
                intake.full_clean(exclude=["programme"], validate_unique=False)
            except ValidationError as error:
                where = _("start %(date)s van %(name)s") % {
                    "date": day(values["start_date"]),
                    "name": programme,
                }
                note(self.run, Kind.SKIPPED, invalid(error, Intake, where))
                continue
            if new or fields:
                intake.save()
                changes.append(self.intake_change(intake, new, fields))
        gone = programme.intakes.filter(source_id__isnull=False, archived=False)
        for intake in gone.exclude(source_id__in=ids):
            intake.archived = intake.archived_by_source = True
            intake.save(update_fields=["archived", "archived_by_source"])
            changes.append(
                _("start %(date)s niet meer in de bron (gearchiveerd)")
                % {"date": day(intake.start_date)}
            )
        return changes

    def intake_change(self, intake, new, fields):
        if new:
            return _("start %(date)s toegevoegd") % {"date": day(intake.start_date)}
        labels = [str(Intake._meta.get_field(name).verbose_name) for name in fields]
        return _("start %(date)s: %(fields)s") % {
            "date": day(intake.start_date),
            "fields": ", ".join(labels),
        }

    # ---- costs --------------------------------------------------------------------------

    def save_costs(self, programme, offerings):
        """priceInformation as the programme's cost lines, one per cost type and academic
        year; lines the source no longer has go (nothing refers to a cost line)."""
        changes, wanted = [], {}
        for offering in offerings:
            if offering.skip:
                continue
            for reason in offering.skipped_costs:
                note(self.run, Kind.SKIPPED, reason)
            for line in offering.costs:
                wanted.setdefault(line.key, line)
        existing = {cost.source_key: cost for cost in programme.other_costs.exclude(source_key="")}
        for key, line in wanted.items():
            cost = existing.pop(key, None)
            new = cost is None
            if new:
                cost = OtherCost(programme=programme, source_key=key, per=OtherCost.Per.ONCE)
            values = {
                "name": line.name,
                "amount_eur": line.amount,
                "valid_from": line.valid_from,
                "valid_to": line.valid_to,
            }
            if new or any(getattr(cost, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(cost, name, value)
                cost.save()
                changes.append(
                    _("kosten %(name)s %(year)s") % {"name": line.name, "year": academic(line)}
                )
        for cost in existing.values():
            cost.delete()
            changes.append(_("kosten %(name)s vervallen") % {"name": cost.name})
        return changes

    # ---- what the source no longer lists ------------------------------------------------

    def unpublish_gone(self, listed):
        gone = Programme.objects.filter(source_id__isnull=False, published=True)
        gone = gone.exclude(source_id__in=listed).exclude(pk__in=self.touched)
        for programme in gone:
            with transaction.atomic():
                programme.published, programme.source_withdrawn_at = False, self.now
                programme.save(update_fields=["published", "source_withdrawn_at"])
                if self.dry_run:
                    transaction.set_rollback(True)
            note(
                self.run,
                Kind.UNPUBLISHED,
                _("%(programme)s staat niet meer in de bron") % {"programme": programme},
            )


def academic(line):
    return f"{line.valid_from.year}-{line.valid_to.year}"
