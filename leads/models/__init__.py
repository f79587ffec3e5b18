"""Leads: one Lead per person, one Submission per form submit, consents and attribution.

Importing the outbox here is what makes its table (outbox.Mail) a model of this app.
"""

from .. import outbox  # noqa: F401
from .people import (  # noqa: F401
    ANSWERS,
    CONFIRM_SALT,
    CONTACT,
    EDUCATION_CHOICES,
    LINK_DAYS,
    LINKS,
    PRIVACY_VERSION,
    WITHDRAW_SALT,
    Lead,
    LeadQuerySet,
    PersonHistory,
    current_answers,
    lead_for_link,
    withdraw_url,
)
from .records import ChannelRule, ExportLog, PrivacyAudit, Reminder  # noqa: F401
from .submissions import (  # noqa: F401
    Consent,
    ConsentQuerySet,
    EventFull,
    Submission,
    SubmissionProgramme,
    for_own_page,
)
