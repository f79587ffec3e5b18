"""Alerts: a person's saved search on /werkplekken/, mailed as a weekly digest of new places.

An alert starts unconfirmed; only the POST behind the link in its confirmation mail starts it
(double opt-in), and one never confirmed is gone after UNCONFIRMED_DAYS. A confirmed alert
gets at most one digest a week, only when places that fit it appeared, and ends by itself
RETENTION_DAYS after it was confirmed, or at once through the link in every digest
(RFC 8058 one-click) or on the person's own page (/mijn/). What a digest finds is
employers/digests.py; the mails are employers/mails.py.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leads import outbox
from leads.mailbox import NotAMailbox, mailbox_key
from leads.models import PRIVACY_VERSION
from mkbroute.lib import geo

MAX_PER_MAILBOX = 5  # a sixth is not stored, and no mail goes (the page says so to everyone)
UNCONFIRMED_DAYS = 7  # how long a confirmation link works, and an unconfirmed alert is kept
RETENTION_DAYS = 365  # a confirmed alert ends this long after its confirmation
DIGEST_DAYS = 7  # at most one digest in so many days
CONFIRM_SALT = "employers.alert-confirm"
UNSUBSCRIBE_SALT = "employers.alert-unsubscribe"


def local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class AlertQuerySet(models.QuerySet):
    def for_mailbox(self, email_key):
        """The alerts of one mailbox (Lead.email_key, leads.mailbox.mailbox_key), newest first."""
        return self.filter(email_key=email_key).select_related("programme").order_by("-created_at")

    def for_email(self, email):
        """The alerts of the mailbox this address belongs to, however it is written."""
        try:
            return self.for_mailbox(mailbox_key(email))
        except NotAMailbox:
            return self.none()

    def running(self, now):
        """Confirmed alerts that have not yet run their time."""
        ended = now - datetime.timedelta(days=RETENTION_DAYS)
        return self.filter(confirmed_at__isnull=False, confirmed_at__gt=ended)

    def due(self, now):
        """Running alerts whose last digest went DIGEST_DAYS or more calendar days ago, or
        never: counted in days, so that a daily run a few seconds earlier than last week's
        does not skip a day."""
        since = local_midnight(timezone.localdate(now) - datetime.timedelta(days=DIGEST_DAYS - 1))
        never = models.Q(last_sent_at__isnull=True)
        return self.running(now).filter(never | models.Q(last_sent_at__lt=since))

    def expired(self, now):
        """What retention deletes: unconfirmed after UNCONFIRMED_DAYS, confirmed after
        RETENTION_DAYS."""
        unconfirmed = models.Q(
            confirmed_at__isnull=True,
            created_at__lt=now - datetime.timedelta(days=UNCONFIRMED_DAYS),
        )
        ended = models.Q(confirmed_at__lt=now - datetime.timedelta(days=RETENTION_DAYS))
        return self.filter(unconfirmed | ended)

    def forget(self):
        """Delete these alerts with everything about them; the number deleted."""
        return forget(list(self))


class Alert(models.Model):
    """One saved search of one mailbox: the filters of /werkplekken/ with a postcode."""

    email = models.EmailField(gettext_lazy("e-mail"), max_length=254)
    # The mailbox the address belongs to, as a Lead knows it (leads/mailbox.py).
    email_key = models.CharField(max_length=254, editable=False, db_index=True)
    pc4 = models.CharField(gettext_lazy("vanaf postcode"), max_length=4)
    radius = models.PositiveSmallIntegerField(gettext_lazy("binnen (km)"))
    programme = models.ForeignKey(
        "programmes.Programme",
        # An alert for a programme that is gone cannot be answered any more; communications
        # archive programmes rather than delete them, so this is rare.
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("opleiding"),
    )
    province = models.CharField(
        gettext_lazy("provincie"), max_length=2, choices=geo.PROVINCE_CHOICES, blank=True
    )
    max_hours = models.PositiveSmallIntegerField(
        gettext_lazy("uren per week (hooguit)"), null=True, blank=True
    )
    start_month = models.DateField(gettext_lazy("start (maand)"), null=True, blank=True)
    tone = models.ForeignKey(
        "personas.Tone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("toon"),
    )
    # The ids of the places the person has seen or been sent: those that fitted when they
    # asked, and each digest's. Only a place not in here is new to them, however old it is
    # (an employer screened today has places made weeks ago).
    known = models.JSONField(default=list, editable=False)
    created_at = models.DateTimeField(gettext_lazy("aangevraagd op"), default=timezone.now)
    confirmed_at = models.DateTimeField(gettext_lazy("bevestigd op"), null=True, blank=True)
    last_sent_at = models.DateTimeField(gettext_lazy("laatste mail op"), null=True, blank=True)
    privacy_version = models.CharField(
        gettext_lazy("versie privacyverklaring"), max_length=20, editable=False
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = gettext_lazy("attendering")
        verbose_name_plural = gettext_lazy("attenderingen")

    def __str__(self):
        return self.email

    def changes_public_pages(self):
        """An alert shows nowhere public: asking for one leaves the page cache alone."""
        return False

    @classmethod
    def subscribe(cls, email, search, tone=None):
        """Store an alert for this search (which has an area) and owe its confirmation mail;
        the alert that waits for confirmation, or None when none does.

        The visitor is told the same whatever happens here: an address that already has
        this search keeps it (an unconfirmed one is asked anew, so a lost mail can be sent
        again), and one with MAX_PER_MAILBOX alerts gets no other.
        """
        from . import mails  # the mails import this module

        key = mailbox_key(email)
        alert = cls.of_search(
            search,
            email=email,
            email_key=key,
            tone=tone if tone is not None and tone.pk else None,
            privacy_version=PRIVACY_VERSION,
        )
        # What the person sees on the list now is no news to them later.
        alert.known = [pk for pk, _km in search.run().places]
        with transaction.atomic():
            mine = list(cls.objects.filter(email_key=key).select_for_update())
            same = next((other for other in mine if other.filters() == alert.filters()), None)
            if same is not None:
                return same.ask_again()
            if len(mine) >= MAX_PER_MAILBOX:
                return None
            alert.save()
            outbox.queue(mails.alert_confirmation, alert.pk)
        return alert

    def ask_again(self):
        """The same search asked for again: an unconfirmed alert gets its confirmation mail
        once more (unless that is still on its way) and UNCONFIRMED_DAYS from now; the alert,
        or None when it was confirmed already."""
        from . import mails

        if self.confirmed_at is not None:
            return None
        earlier = outbox.mail_of(mails.alert_confirmation, self.pk)
        if earlier is not None and earlier.status in outbox.Mail.WAITING:
            return self
        if earlier is not None:
            earlier.delete()
        self.created_at = timezone.now()
        self.save(update_fields=["created_at"])
        outbox.queue(mails.alert_confirmation, self.pk)
        return self

    @classmethod
    def of_search(cls, search, **fields):
        """An (unsaved) alert for a matching.Search near a postcode."""
        return cls(
            pc4=search.area.pc4,
            radius=search.radius,
            programme_id=search.programme,
            province=search.province,
            max_hours=search.max_hours,
            start_month=search.month,
            **fields,
        )

    def filters(self):
        return (
            self.pc4,
            self.radius,
            self.programme_id,
            self.province,
            self.max_hours,
            self.start_month,
        )

    def search_fields(self):
        """The arguments of matching.Search that find what this alert asks for."""
        return {
            "programme": self.programme_id,
            "province": self.province,
            "max_hours": self.max_hours,
            "month": self.start_month,
            "area": geo.lookup(self.pc4),
            "radius": self.radius,
        }

    def describe(self):
        """The search in words, as the person chose it: one short phrase per filter."""
        area = geo.lookup(self.pc4)
        place = f"{area.place} ({self.pc4})" if area else self.pc4
        parts = [_("binnen %(km)s km van %(place)s") % {"km": self.radius, "place": place}]
        if self.programme_id:
            parts.append(_("opleiding %(name)s") % {"name": self.programme.name})
        if self.province:
            parts.append(_("provincie %(name)s") % {"name": geo.PROVINCES[self.province]})
        if self.max_hours:
            parts.append(_("tot %(hours)s uur per week") % {"hours": self.max_hours})
        if self.start_month:
            parts.append(_("start %(month)s") % {"month": date_format(self.start_month, "F Y")})
        return ", ".join(parts)

    @property
    def ends_on(self):
        """The day a confirmed alert ends by itself."""
        if self.confirmed_at is None:
            return None
        return timezone.localdate(self.confirmed_at) + datetime.timedelta(days=RETENTION_DAYS)

    def list_url(self):
        """The list of werkplekken with this search, as an absolute link for a mail."""
        query = {"postcode": self.pc4, "afstand": self.radius}
        if self.programme_id:
            query["opleiding"] = self.programme.slug
        if self.province:
            query["provincie"] = self.province
        if self.max_hours:
            query["uren"] = self.max_hours
        if self.start_month:
            query["start"] = f"{self.start_month:%Y-%m}"
        return f"{settings.SITE_URL}{reverse('employers:list')}?{urlencode(query)}"

    def confirm_url(self):
        token = signing.dumps(self.pk, salt=CONFIRM_SALT)
        return settings.SITE_URL + reverse("employers:alert_confirm", args=[token])

    def unsubscribe_url(self):
        token = signing.dumps(self.pk, salt=UNSUBSCRIBE_SALT)
        return settings.SITE_URL + reverse("employers:alert_unsubscribe", args=[token])

    @classmethod
    def from_token(cls, token, salt, max_age=None):
        """The alert a link's signed token names; None when forged, expired or gone."""
        try:
            pk = int(signing.loads(token, salt=salt, max_age=max_age))
        except (signing.BadSignature, TypeError, ValueError):
            return None
        return cls.objects.select_related("programme").filter(pk=pk).first()

    def confirm(self):
        """Start the alert (the person's POST from the link in the mail); once is enough."""
        if self.confirmed_at is None:
            self.confirmed_at = timezone.now()
            type(self).objects.filter(pk=self.pk, confirmed_at=None).update(
                confirmed_at=self.confirmed_at
            )

    def remove(self):
        """End the alert: it and what is about it are deleted."""
        forget([self])


class Digest(models.Model):
    """One weekly mail of an alert: the new places it tells of, nearest first."""

    alert = models.ForeignKey(
        Alert,
        on_delete=models.CASCADE,
        related_name="digests",
        verbose_name=gettext_lazy("attendering"),
    )
    places = models.JSONField(gettext_lazy("werkplekken"), default=list)
    created_at = models.DateTimeField(gettext_lazy("gemaakt op"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = gettext_lazy("mail van een attendering")
        verbose_name_plural = gettext_lazy("mails van attenderingen")

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"

    def changes_public_pages(self):
        return False


def forget(alerts):
    """Delete these alerts with their digests, the outbox's mails about either and the
    admin's history of them; the number of alerts deleted."""
    from leads.privacy import BATCH, admin_history, tied_rows, with_mails

    if not alerts:
        return 0
    with transaction.atomic():
        rows = with_mails(tied_rows(alerts))
        for entries in admin_history(rows):
            entries.delete()
        mails = rows[outbox.Mail]
        for start in range(0, len(mails), BATCH):
            outbox.Mail.objects.filter(pk__in=mails[start : start + BATCH]).delete()
        pks = [alert.pk for alert in alerts]
        return Alert.objects.filter(pk__in=pks).delete()[1].get("employers.Alert", 0)
