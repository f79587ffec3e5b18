"""Uploaded images: refuse what is not a real photo, strip metadata, make WebP renditions."""

import functools
import io
from pathlib import PurePosixPath

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import signals
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# The formats we store, with their file extension.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Formats we take and store as another: phones write MPO, a JPEG with more pictures behind it.
STORED_AS = {"MPO": "JPEG"}
RENDITION_WIDTHS = (480, 960, 1440)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def validate_image(file):
    """Raise a Dutch ValidationError unless file is a JPEG, PNG or WebP within our limits."""
    if getattr(file, "_committed", False):
        return  # already stored, so already checked
    if file.size > MAX_BYTES:
        raise ValidationError(
            _("Deze afbeelding is groter dan 10 MB. Verklein de foto en probeer het opnieuw."),
            code="too_large",
        )
    file.seek(0)
    try:
        with Image.open(file) as image:
            if image.format not in FORMATS and image.format not in STORED_AS:
                raise ValidationError(
                    _("Alleen JPEG-, PNG- of WebP-afbeeldingen zijn toegestaan."),
                    code="format",
                )
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    _("Deze afbeelding heeft meer dan 40 megapixel. Verklein de foto eerst."),
                    code="too_many_pixels",
                )
            # Decode every pixel: verify() passes a JPEG cut off halfway, load() does not.
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("Deze afbeelding heeft meer dan 40 megapixel. Verklein de foto eerst."),
            code="too_many_pixels",
        ) from error
    except ValidationError:
        raise
    except Exception as error:
        raise ValidationError(
            _("Dit bestand is geen geldige afbeelding. Kies een JPEG-, PNG- of WebP-bestand."),
            code="invalid",
        ) from error
    finally:
        file.seek(0)


def in_srgb(image, mode):
    """The pixels converted to sRGB from the colour profile the file carries, in mode."""
    if image.mode not in ("RGB", "RGBA", "L", "CMYK"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    profile = image.info.get("icc_profile")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            return ImageCms.profileToProfile(image, source, SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile, or one for other pixels: browsers would show them as sRGB
    return image.convert(mode)


def sanitise(file):
    """Return the image turned upright, in sRGB and re-encoded, without EXIF, GPS, XMP, IPTC,
    comments or colour profile; of a phone's MPO only the first picture, as a JPEG."""
    file.seek(0)
    with Image.open(file) as original:
        image_format = STORED_AS.get(original.format, original.format)
        image = ImageOps.exif_transpose(original)
    keep_alpha = image_format != "JPEG" and image.has_transparency_data
    image = in_srgb(image, "RGBA" if keep_alpha else "RGB")
    # Only pixels go into the new file: Pillow would carry a JPEG comment or a PNG colour
    # profile over from the upload's info.
    image.info = {}
    output = io.BytesIO()
    if image_format == "JPEG":
        image.save(output, "JPEG", quality=88, optimize=True)
    elif image_format == "PNG":
        image.save(output, "PNG", optimize=True)
    else:
        image.save(output, "WEBP", quality=85)
    return ContentFile(output.getvalue()), FORMATS[image_format]


def rendition_name(name, width):
    path = PurePosixPath(name)
    return str(path.parent / "renditions" / f"{path.stem}-{width}.webp")


def make_renditions(name, storage=default_storage):
    """Write a WebP copy of the stored image at each rendition width it is wide enough for."""
    with storage.open(name) as file, Image.open(file) as image:
        source = image.convert("RGB")
    # Widest first, each made from the one before it: far less work than from the original.
    for width in sorted((w for w in RENDITION_WIDTHS if w <= source.width), reverse=True):
        height = round(source.height * width / source.width)
        source = source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=2.0)
        output = io.BytesIO()
        source.save(output, "WEBP", quality=80, method=3)
        target = rendition_name(name, width)
        if storage.exists(target):
            storage.delete(target)
        storage.save(target, ContentFile(output.getvalue()))


def renditions(field_file, width, height):
    """The (url, width, height) of each rendition of an image of that size, widest last."""
    if not field_file or not width or not height:
        return []
    storage = field_file.storage
    return _renditions(storage, getattr(storage, "base_url", None), field_file.name, width, height)


# The same for the same stored image: a page of cards names each of their images again.
@functools.lru_cache(maxsize=1024)
def _renditions(storage, _base_url, name, width, height):
    return [
        (storage.url(rendition_name(name, w)), w, round(height * w / width))
        for w in RENDITION_WIDTHS
        if w <= width
    ]


class PictureFormField(forms.ImageField):
    default_error_messages = {
        "invalid_image": _(
            "Dit bestand is geen geldige afbeelding. Kies een JPEG-, PNG- of WebP-bestand."
        ),
    }

    def to_python(self, data):
        # Our validator first: Django's own check would report a bomb as a vague error.
        if data not in self.empty_values:
            validate_image(data)
        return super().to_python(data)


class PictureFieldFile(models.fields.files.ImageFieldFile):
    def save(self, name, content, save=True):
        # Every way a file gets stored (admin upload, load_demo, shell) passes through here.
        clean, extension = sanitise(content)
        # The content needs a name too: ImageField reads the new dimensions through it.
        clean.name = f"{PurePosixPath(name).stem or 'afbeelding'}.{extension}"
        super().save(clean.name, clean, save=False)
        make_renditions(self.name, self.storage)
        if save:
            self.instance.save()


def picture_in_use(name):
    """Whether a row of any model with a PictureField refers to the stored file name."""
    return any(
        model._base_manager.filter(**{field.name: name}).exists()
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, PictureField)
    )


def remove_unused_picture(name, storage):
    """Delete a stored picture and its renditions, unless a row still refers to it."""
    if picture_in_use(name):
        return
    for target in (name, *(rendition_name(name, width) for width in RENDITION_WIDTHS)):
        storage.delete(target)  # a file that is already gone is no error


class PictureField(models.ImageField):
    """An ImageField that only takes safe images, stores them clean and makes renditions;
    a picture replaced or deleted leaves storage with its renditions once no row uses it."""

    attr_class = PictureFieldFile

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_image])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            # The field looks after its own files, as ImageField keeps its width and height
            # fields up to date: every model with a picture gets this without code of its own.
            signals.post_init.connect(self.remember_stored_name, sender=cls)
            signals.post_save.connect(self.remove_replaced_picture, sender=cls)
            signals.post_delete.connect(self.remove_deleted_picture, sender=cls)

    @property
    def stored_name_key(self):
        return f"_{self.attname}_stored_name"

    def current_name(self, instance):
        """The stored file the instance holds ("" for none, or for an upload not yet
        stored); None when the field was deferred and never loaded."""
        if self.attname not in instance.__dict__:
            return None
        value = instance.__dict__[self.attname]
        if isinstance(value, File) and not getattr(value, "_committed", False):
            return ""
        return getattr(value, "name", value) or ""

    def remember_stored_name(self, instance, **kwargs):
        name = self.current_name(instance)
        if name is not None:
            instance.__dict__[self.stored_name_key] = name

    def remove_replaced_picture(self, instance, created, update_fields, using, **kwargs):
        if update_fields is not None and self.name not in update_fields:
            return
        current = self.current_name(instance)
        if current is None:
            return
        previous = instance.__dict__.get(self.stored_name_key)
        instance.__dict__[self.stored_name_key] = current
        if previous and previous != current and not created:
            self.remove_after_commit(previous, using)

    def remove_deleted_picture(self, instance, using, **kwargs):
        name = instance.__dict__.get(self.stored_name_key) or self.current_name(instance)
        if name:
            self.remove_after_commit(name, using)

    def remove_after_commit(self, name, using):
        # Only once the row is really saved or gone: a rolled back save keeps its picture.
        # Robust: a file that cannot be removed is logged, not turned into an error page.
        storage = self.storage
        transaction.on_commit(
            lambda: remove_unused_picture(name, storage), using=using, robust=True
        )
