import functools
import io
import random
import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import modelform_factory
from PIL import Image, ImageCms, PngImagePlugin

from mkbroute.lib.images import MAX_BYTES, RENDITION_WIDTHS, rendition_name, validate_image
from programmes.models import Programme
from tests.factories import image_bytes, make_persona, make_programme, make_tone, uploaded_image

GPS_TAG, ORIENTATION_TAG = 0x8825, 0x0112
# Text hidden in an upload's metadata, and the markers that start metadata blocks in JPEG,
# PNG and WebP files: none of them may reach a stored file.
SECRETS = [b"geheim-commentaar", b"geheim-xmp", b"geheim-iptc"]
JPEG_MARKERS = [b"Exif\x00\x00", b"ICC_PROFILE", b"http://ns.adobe.com/xap/1.0/", b"Photoshop"]
PNG_MARKERS = [b"iCCP", b"eXIf", b"tEXt", b"iTXt", b"zTXt"]
WEBP_MARKERS = [b"ICCP", b"EXIF", b"XMP "]
METADATA_KEYS = {"exif", "icc_profile", "comment", "xmp", "photoshop", "Comment"}


def exif_with_gps():
    exif = Image.Exif()
    exif.get_ifd(GPS_TAG).update({1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (5.0, 7.0, 0.0)})
    return exif


def exif_with_gps_and_rotation():
    exif = exif_with_gps()
    exif[ORIENTATION_TAG] = 6  # taken with the phone turned: show rotated 90 degrees
    return exif


def profile_with_red_and_blue_swapped():
    """Pillow's sRGB profile with the red and blue primaries swapped: a pixel stored as pure
    red in a file with this profile is pure blue once converted to sRGB."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (count,) = struct.unpack(">I", data[128:132])
    tags = {bytes(data[at : at + 4]): at + 4 for at in range(132, 132 + 12 * count, 12)}
    red, blue = tags[b"rXYZ"], tags[b"bXYZ"]
    data[red : red + 8], data[blue : blue + 8] = data[blue : blue + 8], data[red : red + 8]
    return bytes(data)


def iptc_segment(caption):
    """A JPEG APP13 segment with an IPTC caption, as Photoshop and photo agencies write it."""
    record = b"\x1c\x02\x78" + struct.pack(">H", len(caption)) + caption
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def jpeg_full_of_metadata(size=(1000, 500)):
    """A red JPEG with GPS in its EXIF, a comment, XMP, IPTC and a colour profile not sRGB."""
    output = io.BytesIO()
    Image.new("RGB", size, (255, 0, 0)).save(
        output,
        "JPEG",
        exif=exif_with_gps(),
        comment=b"geheim-commentaar",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">geheim-xmp</x:xmpmeta>',
        icc_profile=profile_with_red_and_blue_swapped(),
    )
    data = output.getvalue()
    return data[:2] + iptc_segment(b"geheim-iptc") + data[2:]


def png_full_of_metadata(size=(1000, 500)):
    """A red PNG with GPS in its EXIF, text chunks, XMP and a colour profile not sRGB."""
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "geheim-commentaar")
    text.add_text("Description", "geheim-iptc", zip=True)
    text.add_itxt("XML:com.adobe.xmp", "geheim-xmp")
    output = io.BytesIO()
    Image.new("RGB", size, (255, 0, 0)).save(
        output,
        "PNG",
        exif=exif_with_gps(),
        pnginfo=text,
        icc_profile=profile_with_red_and_blue_swapped(),
    )
    return output.getvalue()


def stored_files(field_file):
    """The bytes of a stored picture and of each of its renditions, by name."""
    storage = field_file.storage
    names = [field_file.name] + [rendition_name(field_file.name, w) for w in RENDITION_WIDTHS]
    return {name: storage.open(name).read() for name in names if storage.exists(name)}


def assert_only_pixels_in_srgb(data, markers):
    for text in SECRETS + markers:
        assert text not in data, text
    with Image.open(io.BytesIO(data)) as image:
        assert not METADATA_KEYS & image.info.keys(), image.info.keys()
        assert not image.getexif()
        middle = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
    red, _green, blue = middle
    assert blue > 200 and red < 60, middle  # converted to sRGB, not only stripped


def half_a_jpeg():
    noise = Image.frombytes("RGB", (400, 300), random.Random(1).randbytes(400 * 300 * 3))
    output = io.BytesIO()
    noise.save(output, "JPEG")
    data = output.getvalue()
    return data[: len(data) // 2]


def png_header_then_noise():
    return b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(5000)


def mpo_of_two_pictures():
    """What many phones write: a JPEG (red here) followed by a second picture (blue)."""
    first = Image.new("RGB", (800, 600), (255, 0, 0))
    second = Image.new("RGB", (800, 600), (0, 0, 255))
    output = io.BytesIO()
    first.save(output, "MPO", save_all=True, append_images=[second])
    return output.getvalue()


def post_change_form(admin_client, programme, image):
    url = f"/admin/programmes/programme/{programme.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "locations": [loc.pk for loc in programme.locations.all()],
            "field": programme.field_id,
            "image": image,
            "intakes-TOTAL_FORMS": 0,
            "intakes-INITIAL_FORMS": 0,
            "admission_routes-TOTAL_FORMS": 0,
            "admission_routes-INITIAL_FORMS": 0,
            "exemptions-TOTAL_FORMS": 0,
            "exemptions-INITIAL_FORMS": 0,
        }
    )
    return admin_client.post(url, data)


@functools.cache  # drawing one takes most of a second; the bytes are the same each time
def bomb_png(width, height):
    """A PNG of a few kilobytes that would take width x height pixels in memory."""
    output = io.BytesIO()
    Image.new("1", (width, height)).save(output, "PNG")
    return output.getvalue()


def test_it_accepts_jpeg_png_and_webp():
    for image_format in ("JPEG", "PNG", "WEBP"):
        validate_image(
            SimpleUploadedFile("x", image_bytes(size=(40, 30), image_format=image_format))
        )


def test_it_rejects_a_decompression_bomb_with_a_dutch_message():
    bomb = SimpleUploadedFile("bom.png", bomb_png(20_000, 20_000))
    assert bomb.size < 200_000
    with pytest.raises(ValidationError, match="meer dan 40 megapixel") as error:
        validate_image(bomb)
    assert error.value.code == "too_many_pixels"


def test_it_rejects_an_image_over_40_megapixels_below_pillows_own_limit():
    with pytest.raises(ValidationError, match="meer dan 40 megapixel"):
        validate_image(SimpleUploadedFile("groot.png", bomb_png(8_000, 6_000)))


def test_it_rejects_a_renamed_non_image():
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 this is really a document", "image/jpeg")
    with pytest.raises(ValidationError, match="geen geldige afbeelding"):
        validate_image(fake)


def test_it_rejects_a_gif_even_though_it_is_an_image():
    with pytest.raises(ValidationError, match="Alleen JPEG-, PNG- of WebP"):
        validate_image(
            SimpleUploadedFile("x.gif", image_bytes(size=(10, 10), image_format="GIF", mode="L"))
        )


def test_it_rejects_a_file_over_10_mb():
    big = SimpleUploadedFile("groot.jpg", b"\xff\xd8" + b"0" * MAX_BYTES)
    with pytest.raises(ValidationError, match="groter dan 10 MB"):
        validate_image(big)


@pytest.mark.django_db
def test_it_strips_gps_and_turns_the_photo_upright():
    programme = make_programme()
    upload = uploaded_image(size=(400, 300), exif=exif_with_gps_and_rotation())
    with Image.open(io.BytesIO(upload.read())) as original:
        assert original.getexif().get_ifd(GPS_TAG)
    upload.seek(0)
    programme.image.save("foto.jpg", upload)

    with programme.image.open() as stored, Image.open(stored) as image:
        assert image.size == (300, 400)
        assert not image.getexif().get_ifd(GPS_TAG)
        assert ORIENTATION_TAG not in image.getexif()
    assert (programme.image_width, programme.image_height) == (300, 400)


@pytest.mark.django_db
def test_it_makes_webp_renditions_no_wider_than_the_original():
    programme = make_programme()
    programme.image.save("foto.jpg", uploaded_image(size=(1000, 500)))
    storage = programme.image.storage
    assert storage.exists(rendition_name(programme.image.name, 480))
    assert storage.exists(rendition_name(programme.image.name, 960))
    assert not storage.exists(rendition_name(programme.image.name, 1440))
    with storage.open(rendition_name(programme.image.name, 480)) as file, Image.open(file) as image:
        assert (image.format, image.size) == ("WEBP", (480, 240))


@pytest.mark.django_db
def test_the_programme_page_offers_the_renditions_in_srcset(client):
    programme = make_programme()
    programme.image.save("foto.jpg", uploaded_image(size=(1000, 500)))
    html = client.get(programme.get_absolute_url()).content.decode()
    assert "foto-480.webp 480w" in html
    assert "foto-960.webp 960w" in html
    assert 'width="960" height="480"' in html


@pytest.mark.django_db
def test_cards_below_the_fold_load_lazily(client):
    programme = make_programme()
    programme.image.save("foto.jpg", uploaded_image(size=(1000, 500)))
    html = client.get("/opleidingen/").content.decode()
    assert 'loading="lazy"' in html


BROKEN_FILES = [
    ("bom.png", lambda: bomb_png(20_000, 20_000), "meer dan 40 megapixel"),
    ("half.jpg", half_a_jpeg, "geen geldige afbeelding"),
    ("ruis.png", png_header_then_noise, "geen geldige afbeelding"),
]


@pytest.mark.parametrize(("name", "make", "message"), BROKEN_FILES)
def test_it_rejects_a_broken_file_with_a_dutch_message(name, make, message):
    with pytest.raises(ValidationError, match=message):
        validate_image(SimpleUploadedFile(name, make()))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "message"), BROKEN_FILES)
def test_the_admin_shows_a_dutch_error_for_a_broken_file_instead_of_failing(
    admin_client, name, make, message
):
    programme = make_programme()
    upload = SimpleUploadedFile(name, make(), "image/png")
    response = post_change_form(admin_client, programme, upload)
    assert response.status_code == 200
    assert message in response.content.decode()
    programme.refresh_from_db()
    assert not programme.image


@pytest.mark.django_db
def test_an_image_over_10_mb_gets_the_dutch_message_not_the_request_limit(admin_client):
    programme = make_programme()
    big = SimpleUploadedFile("groot.jpg", b"\xff\xd8" + b"0" * (MAX_BYTES + 1), "image/jpeg")
    response = post_change_form(admin_client, programme, big)
    assert response.status_code == 200
    assert "groter dan 10 MB" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "message"), BROKEN_FILES)
def test_a_model_form_shows_a_dutch_error_for_a_broken_file(name, make, message):
    form_class = modelform_factory(Programme, fields=["image"])
    upload = SimpleUploadedFile(name, make(), "image/jpeg")
    form = form_class(data={}, files={"image": upload}, instance=make_programme())
    assert not form.is_valid()
    assert message in str(form.errors["image"])


@pytest.mark.django_db
def test_no_metadata_of_a_jpeg_reaches_the_stored_file_or_its_renditions():
    upload = jpeg_full_of_metadata()
    with Image.open(io.BytesIO(upload)) as original:
        assert {"comment", "xmp", "photoshop", "icc_profile"} <= original.info.keys()
        assert original.getexif().get_ifd(GPS_TAG)
    programme = make_programme()
    programme.image.save("foto.jpg", SimpleUploadedFile("foto.jpg", upload))

    files = stored_files(programme.image)
    assert len(files) == 3  # the picture, 480 and 960 wide
    for data in files.values():
        assert_only_pixels_in_srgb(data, JPEG_MARKERS + WEBP_MARKERS)


@pytest.mark.django_db
def test_no_metadata_of_a_png_reaches_the_stored_file_or_its_renditions():
    upload = png_full_of_metadata()
    with Image.open(io.BytesIO(upload)) as original:
        assert {
            "Comment",
            "Description",
            "XML:com.adobe.xmp",
            "icc_profile",
        } <= original.info.keys()
    programme = make_programme()
    programme.image.save("foto.png", SimpleUploadedFile("foto.png", upload))

    files = stored_files(programme.image)
    assert programme.image.name.endswith(".png")
    assert len(files) == 3
    for data in files.values():
        assert_only_pixels_in_srgb(data, PNG_MARKERS + WEBP_MARKERS)


@pytest.mark.django_db
def test_a_phones_mpo_is_stored_as_a_plain_jpeg_of_its_first_picture(admin_client):
    upload = mpo_of_two_pictures()
    with Image.open(io.BytesIO(upload)) as original:
        assert (original.format, original.n_frames) == ("MPO", 2)
    programme = make_programme()
    photo = SimpleUploadedFile("IMG_0001.JPG", upload, "image/jpeg")
    response = post_change_form(admin_client, programme, photo)
    assert response.status_code == 302

    programme.refresh_from_db()
    assert programme.image.name.endswith(".jpg")
    with programme.image.open() as stored, Image.open(stored) as image:
        assert (image.format, getattr(image, "n_frames", 1)) == ("JPEG", 1)
        assert "mp" not in image.info
        red, _green, blue = image.getpixel((400, 300))
    assert red > 200 and blue < 60
    assert programme.image.storage.exists(rendition_name(programme.image.name, 480))


def stored_with_renditions(field_file):
    return [field_file.name] + [rendition_name(field_file.name, w) for w in (480, 960)]


@pytest.mark.django_db
def test_a_replaced_picture_and_its_renditions_leave_storage_after_the_commit(
    admin_client, django_capture_on_commit_callbacks
):
    programme = make_programme()
    programme.image.save("oud.jpg", uploaded_image(size=(1000, 500)))
    storage, old = programme.image.storage, stored_with_renditions(programme.image)

    with django_capture_on_commit_callbacks(execute=True):
        new = uploaded_image("nieuw.jpg", size=(1000, 500))
        response = post_change_form(admin_client, programme, new)
        assert all(storage.exists(name) for name in old)  # not before the commit
    assert response.status_code == 302

    programme.refresh_from_db()
    assert programme.image.name == "programmes/nieuw.jpg"
    assert all(storage.exists(name) for name in stored_with_renditions(programme.image))
    assert not any(storage.exists(name) for name in old)


@pytest.mark.django_db
def test_a_cleared_picture_leaves_storage(django_capture_on_commit_callbacks):
    programme = make_programme()
    programme.image.save("oud.jpg", uploaded_image(size=(1000, 500)))
    storage, old = programme.image.storage, stored_with_renditions(programme.image)

    programme = Programme.objects.get(pk=programme.pk)
    programme.image = ""
    with django_capture_on_commit_callbacks(execute=True):
        programme.save()
    assert not any(storage.exists(name) for name in old)


@pytest.mark.django_db
def test_a_deleted_row_takes_its_picture_along_also_when_deleted_with_its_parent(
    django_capture_on_commit_callbacks,
):
    programme = make_programme()
    programme.image.save("opleiding.jpg", uploaded_image(size=(1000, 500)))
    persona = make_persona(make_tone())
    story = persona.stories.create(
        first_name="Sanne", previous_situation="Mbo-4", employer="Bakkerij", quote="Mooi."
    )
    story.photo.save("sanne.jpg", uploaded_image(size=(1000, 500)))
    storage = programme.image.storage
    gone = stored_with_renditions(programme.image) + stored_with_renditions(story.photo)

    with django_capture_on_commit_callbacks(execute=True):
        Programme.objects.filter(pk=programme.pk).delete()
        persona.delete()  # the story goes with it
    assert not any(storage.exists(name) for name in gone)


@pytest.mark.django_db
def test_a_picture_another_row_still_uses_stays(django_capture_on_commit_callbacks):
    first = make_programme()
    first.image.save("gedeeld.jpg", uploaded_image(size=(1000, 500)))
    make_programme(image=first.image.name)
    storage, shared = first.image.storage, stored_with_renditions(first.image)

    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert all(storage.exists(name) for name in shared)


@pytest.mark.django_db
def test_a_save_that_is_rolled_back_removes_nothing(django_capture_on_commit_callbacks):
    programme = make_programme()
    programme.image.save("oud.jpg", uploaded_image(size=(1000, 500)))
    storage, old = programme.image.storage, stored_with_renditions(programme.image)

    programme = Programme.objects.get(pk=programme.pk)
    callbacks = django_capture_on_commit_callbacks(execute=True)
    with callbacks, pytest.raises(RuntimeError), transaction.atomic():
        programme.image = uploaded_image("nieuw.jpg", size=(1000, 500))
        programme.save()
        raise RuntimeError("something after the save fails")
    assert all(storage.exists(name) for name in old)
    assert Programme.objects.get(pk=programme.pk).image.name == old[0]
