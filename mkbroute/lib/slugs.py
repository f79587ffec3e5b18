"""Slugs for rows anyone can create: the first free one, also when two are saved at once."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

ATTEMPTS = 5


def unique_slug(model, text, fallback, max_length=80):
    """The first slug of text (or of fallback, when text has no letters a slug keeps) that no
    row of model has yet: base, base-2, base-3, ..."""
    base = slugify(text)[: max_length - 5].strip("-") or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def save_with_free_slug(instance, text, fallback, save, *args, **kwargs):
    """Save a new row with save(*args, **kwargs) under the first free slug made of text.

    Two rows of one name can be saved at the same moment (two companies of one name and place
    registering at once), and the slug one found free the other takes first: then the next
    free one is taken. Another conflict, such as a known KvK number, is the caller's to answer.
    """
    model = type(instance)
    for attempt in range(ATTEMPTS):
        instance.slug = unique_slug(model, text, fallback)
        try:
            with transaction.atomic():
                return save(*args, **kwargs)
        except IntegrityError:
            taken = model.objects.filter(slug=instance.slug).exists()
            if not taken or attempt == ATTEMPTS - 1:
                raise
