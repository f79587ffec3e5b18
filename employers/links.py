"""The rows that tie a werkplek to rows of other apps: the programmes and intakes it is for,
and the replies people sent to it through the lead form on its page.

A programme or intake stays while a werkplek names it: communications archive or unpublish it
instead (mkbroute/lib/in_use.py). Both tables are the ones Django made for the many-to-many
fields of Werkplek before they had these models, kept as they are.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from leads.models import Submission


class WerkplekProgramme(models.Model):
    werkplek = models.ForeignKey("employers.Werkplek", on_delete=models.CASCADE)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "employers_werkplek_programmes"
        unique_together = [("werkplek", "programme")]
        verbose_name = _("opleiding van een werkplek")
        verbose_name_plural = _("opleidingen van werkplekken")

    def __str__(self):
        return f"{self.werkplek} → {self.programme}"


class WerkplekIntake(models.Model):
    werkplek = models.ForeignKey("employers.Werkplek", on_delete=models.CASCADE)
    intake = models.ForeignKey("programmes.Intake", on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "employers_werkplek_intakes"
        unique_together = [("werkplek", "intake")]
        verbose_name = _("instroommoment van een werkplek")
        verbose_name_plural = _("instroommomenten van werkplekken")

    def __str__(self):
        return f"{self.werkplek} → {self.intake}"


class Reply(models.Model):
    """A person replied to a werkplek through the lead form on its page."""

    submission = models.OneToOneField(
        "leads.Submission",
        on_delete=models.CASCADE,
        related_name="werkplek_reply",
        verbose_name=_("inzending"),
    )
    werkplek = models.ForeignKey(
        "employers.Werkplek",
        on_delete=models.PROTECT,
        related_name="replies",
        verbose_name=_("werkplek"),
    )

    class Meta:
        verbose_name = _("reactie op een werkplek")
        verbose_name_plural = _("reacties op werkplekken")

    def __str__(self):
        return f"{self.submission.lead} → {self.werkplek}"

    def changes_public_pages(self):
        """Replies show only in the admin: a visitor's reply leaves the page cache alone."""
        return False


def replied_werkplek(submission):
    """The werkplek (with its employer) a submission replied to, or None; asked once per
    submission object (a mail's subject and both its bodies ask)."""
    if submission is None or submission.intent != Submission.Intent.WERKPLEK:
        return None  # no query for the many submissions that are no reply
    if not hasattr(submission, "_replied_werkplek"):
        reply = Reply.objects.select_related("werkplek__employer").filter(submission=submission)
        found = reply.first()
        submission._replied_werkplek = found.werkplek if found else None
    return submission._replied_werkplek
