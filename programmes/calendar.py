"""A visitor's admission dates as an iCalendar file (RFC 5545), built with icalendar."""

import datetime
import hashlib

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def plan_calendar(plan, host):
    """The .ics bytes of plan's dates: one all-day event each, with a stable UID so that a
    calendar that imports the file twice updates rather than doubles them."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SCHOOL_NAME}//Mkb-route kan ik starten//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Mkb-route: {plan.answers.programme}")
    stamp = timezone.now()
    for moment in plan.dates:
        event = Event()
        key = f"{plan.answers.programme.slug}:{moment.kind}:{moment.date.isoformat()}"
        event.add("uid", f"{hashlib.sha256(key.encode()).hexdigest()[:24]}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", f"{moment.label} – {plan.answers.programme.name}")
        event.add("dtstart", moment.date)
        event.add("dtend", moment.date + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
