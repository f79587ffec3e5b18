import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mkbroute.images import MAX_BYTES, rendition_name, validate_image
from tests.factories import image_bytes, make_programme, uploaded_image

GPS_TAG, ORIENTATION_TAG = 0x8825, 0x0112


def exif_with_gps_and_rotation():
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = 6  # taken with the phone turned: show rotated 90 degrees
    exif.get_ifd(GPS_TAG).update({1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (5.0, 7.0, 0.0)})
    return exif


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


@pytest.mark.django_db
def test_the_admin_shows_a_dutch_error_for_a_bomb_instead_of_failing(admin_client):
    programme = make_programme()
    url = f"/admin/programmes/programme/{programme.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "locations": [loc.pk for loc in programme.locations.all()],
            "field": programme.field_id,
            "image": SimpleUploadedFile("bom.png", bomb_png(20_000, 20_000), "image/png"),
            "intakes-TOTAL_FORMS": 0,
            "intakes-INITIAL_FORMS": 0,
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "meer dan 40 megapixel" in response.content.decode()
    programme.refresh_from_db()
    assert not programme.image
