"""Plain factory functions: each makes one valid object, with overrides as keyword arguments."""

import datetime
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from programmes.models import Event, Field, Intake, Location, Programme

_numbers = itertools.count(1)


def make_field(name=None):
    n = next(_numbers)
    name = name or f"Vakgebied {n}"
    return Field.objects.create(name=name, slug=f"vakgebied-{n}")


def make_location(name=None):
    n = next(_numbers)
    name = name or f"Plaats {n}"
    return Location.objects.create(name=name, slug=f"plaats-{n}")


def make_programme(locations=(), **overrides):
    n = next(_numbers)
    values = {
        "name": f"Opleiding {n}",
        "slug": f"opleiding-{n}",
        "degree": Programme.Degree.AD,
        "croho_code": "80054",
        "ec": 120,
        "duration_years": 2,
        "admission_requirements": "Mbo-4, havo of vwo.",
        "workplace_requirements": "Werk op hbo-niveau.",
        "tuition_eur": "2695.00",
        "summary": f"Samenvatting van opleiding {n}.",
        "published": True,
    }
    values.update(overrides)
    if "field" not in values:
        values["field"] = make_field()
    programme = Programme.objects.create(**values)
    programme.locations.set(locations or [make_location()])
    return programme


def make_intake(programme, start_in_days=120, deadline_days_before=30):
    start = timezone.localdate() + datetime.timedelta(days=start_in_days)
    return Intake.objects.create(
        programme=programme,
        start_date=start,
        application_deadline=start - datetime.timedelta(days=deadline_days_before),
    )


def make_event(programmes=(), starts_in_days=14, **overrides):
    n = next(_numbers)
    starts = timezone.now() + datetime.timedelta(days=starts_in_days)
    values = {
        "kind": Event.Kind.OPEN_DAY,
        "title": f"Open dag {n}",
        "slug": f"open-dag-{n}",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3),
        "place": "Campus Utrecht",
        "published": True,
    }
    values.update(overrides)
    event = Event.objects.create(**values)
    event.programmes.set(programmes)
    return event


def image_bytes(size=(1600, 1000), image_format="JPEG", exif=None, mode="RGB"):
    output = io.BytesIO()
    image = Image.new(mode, size, color=(200, 100, 50) if mode == "RGB" else 0)
    options = {"exif": exif} if exif is not None else {}
    image.save(output, image_format, **options)
    return output.getvalue()


def uploaded_image(name="foto.jpg", **kwargs):
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


def make_tone(slug=None, learner="deelnemer", learners="deelnemers", address="je", **overrides):
    from personas.models import Tone

    n = next(_numbers)
    slug = slug or f"toon-{n}"
    return Tone.objects.create(
        name=overrides.pop("name", slug),
        slug=slug,
        learner=learner,
        learners=learners,
        address=address,
        **overrides,
    )


def make_student_tone():
    tone = make_tone("student", "student", "studenten")
    tone.vocabulary.create(key="studie", value="studie")
    return tone


def make_worker_tone():
    tone = make_tone("werkende-die-leert", "werkende die leert", "werkenden die leren")
    tone.vocabulary.create(key="studie", value="opleiding")
    return tone


def make_persona(tone, slug=None, **overrides):
    from personas.models import Persona

    n = next(_numbers)
    slug = slug or f"persona-{n}"
    values = {
        "name": f"Persona {n}",
        "slug": slug,
        "tone": tone,
        "entry_label": f"Ingang {n}",
        "title": "Werken en leren als {lerende}",
        "lead": "{Je} werkt vier dagen en leert één dag.",
        "body": "Als {lerende} haal {je} een diploma. Over {jouw} {studie}.",
        "cta_title": "Meer weten?",
        "cta_button": "Ik wil meer weten",
    }
    values.update(overrides)
    return Persona.objects.create(**values)


def make_target_group(persona, key="", tone=None, **overrides):
    from personas.models import TargetGroup

    n = next(_numbers)
    return TargetGroup.objects.create(
        name=overrides.pop("name", f"Doelgroep {n}"),
        slug=f"doelgroep-{n}",
        key=key,
        label=overrides.pop("label", f"Ik ben doelgroep {n}"),
        persona=persona,
        tone=tone,
        **overrides,
    )


def make_channel(**overrides):
    from personas.models import Channel

    values = {"name": f"Kanaal {next(_numbers)}", "kind": "advertising", "owner": "partner"}
    return Channel.objects.create(**{**values, **overrides})


def make_lead(
    email,
    persona=None,
    group=None,
    channel=None,
    status="nieuw",
    created=None,
    programmes=(),
    message="",
    **details,
):
    from leads.models import Submission

    contact = {
        "first_name": details.pop("first_name", "Zoë"),
        "last_name": details.pop("last_name", "de Vries"),
        "email": email,
        "phone": details.pop("phone", ""),
    }
    submission = Submission.record(
        contact,
        {
            "intent": "information",
            "persona": persona,
            "target_group": group,
            "channel": channel,
            "message": message,
            **details,
        },
        programmes,
        {"contact": True, "newsletter": False, "partners": True},
        token=f"{email}-{next(_numbers)}",
    )
    lead = submission.lead
    lead.status = status
    lead.save()
    if created:
        Submission.objects.filter(pk=submission.pk).update(created_at=created)
        type(lead).objects.filter(pk=lead.pk).update(created_at=created)
    lead.refresh_from_db()
    return lead
