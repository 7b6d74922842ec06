"""The organisation settings: the logo's checks, the page, the API, the served logo and
stylesheet, and who may change them."""

import base64
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from PIL import Image

from core import selectors, services
from core.forms import OrganisationForm
from core.logos import logo_reencoded
from core.models import Organisation
from core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SETTINGS = {
    "name": "Parcours Location",
    "sender_name": "",
    "sender_email": "service-client@parcours-location.example",
    "primary_colour": "#0f4c81",
    "accent_colour": "#f2a900",
    "privacy_notice_url": "https://parcours-location.example/confidentialite",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def image_bytes(kind: str, size=(40, 20), **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#0f4c81").save(buffer, format=kind, **options)
    return buffer.getvalue()


def upload(content: bytes, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def logo_error(content: bytes, name="logo.png") -> str:
    with pytest.raises(ValidationError) as raised:
        logo_reencoded(upload(content, name))
    return " ".join(raised.value.message_dict["logo"])


# The logo


def test_a_png_is_re_encoded_without_what_followed_it():
    polyglot = image_bytes("PNG") + b"<html><script>alert(1)</script></html>"

    stored = logo_reencoded(upload(polyglot))

    content = stored.read()
    assert stored.name.startswith("logo-")
    assert stored.name.endswith(".png")
    assert b"<html>" not in content
    assert Image.open(io.BytesIO(content)).size == (40, 20)


def test_a_jpeg_is_re_encoded_without_its_metadata():
    exif = Image.Exif()
    exif[0x010F] = "Secret camera maker"  # Make
    photo = image_bytes("JPEG", exif=exif.tobytes())
    assert b"Secret camera maker" in photo

    stored = logo_reencoded(upload(photo, "logo.jpg"))

    content = stored.read()
    assert stored.name.endswith(".jpg")
    assert b"Secret camera maker" not in content
    assert Image.open(io.BytesIO(content)).format == "JPEG"


def test_a_gif_is_refused():
    assert logo_error(image_bytes("GIF"), "logo.gif") == (
        "A logo must be a PNG or JPEG image; this file is GIF."
    )


@pytest.mark.parametrize(
    "content", [b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", b"%PDF-1.7 not an image"]
)
def test_a_file_lying_about_its_type_is_refused(content):
    assert logo_error(content, "logo.png") == (
        "This file is not an image: upload a PNG or JPEG file."
    )


def test_a_gif_named_png_is_judged_by_its_content():
    assert logo_error(image_bytes("GIF"), "logo.png") == (
        "A logo must be a PNG or JPEG image; this file is GIF."
    )


def test_an_image_over_the_pixel_limit_is_refused():
    assert logo_error(image_bytes("PNG", size=(2001, 10))) == (
        "The logo is too large: at most 2000 pixels wide and 2000 pixels high. "
        "This one is 2001 by 10."
    )


def test_a_file_over_the_byte_limit_is_refused():
    assert logo_error(b"\x89PNG" + b"0" * (1024 * 1024)) == (
        "The logo is too large: at most 1 MB (this file is 1024 KB)."
    )


def test_a_truncated_image_is_refused():
    assert logo_error(image_bytes("PNG", size=(200, 200))[:120]) == (
        "This image is damaged or incomplete: export it again as PNG or JPEG."
    )


# The model and the service


def test_the_primary_colour_must_carry_white_text():
    organisation = Organisation(name="Pale", primary_colour="#ffd966")

    with pytest.raises(ValidationError) as raised:
        organisation.full_clean()

    assert raised.value.message_dict["primary_colour"] == [
        "Choose a darker colour: white text on it must stay readable (contrast at least "
        "4.5:1; this one gives 1.4:1)."
    ]


@pytest.mark.parametrize("colour", ["0f4c81", "#0f4c8", "#0f4c81;}", "red", "#GGGGGG"])
def test_colours_are_only_rrggbb(colour):
    with pytest.raises(ValidationError) as raised:
        Organisation(name="X", accent_colour=colour).full_clean()
    assert "accent_colour" in raised.value.message_dict


def test_the_service_stores_the_logo_and_deletes_the_replaced_one(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.organisation_update(
            data=SETTINGS, logo=upload(image_bytes("PNG", size=(10, 10)))
        )
    first_path = settings.MEDIA_ROOT / first.logo.name
    assert first_path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        second = services.organisation_update(
            data={}, logo=upload(image_bytes("JPEG"), "new.jpg", "image/jpeg")
        )

    assert second.logo.name.startswith("organisation/logo-")
    assert second.logo.name.endswith(".jpg")
    assert not first_path.exists()
    assert Organisation.objects.get().logo.name == second.logo.name


def test_a_refused_logo_saves_nothing():
    with pytest.raises(ValidationError):
        services.organisation_update(data=SETTINGS, logo=upload(image_bytes("GIF")))
    assert Organisation.objects.count() == 0


def test_the_sender_is_the_organisations_name_and_address(settings):
    settings.DEFAULT_FROM_EMAIL = "Parcours <parcours@localhost>"
    assert Organisation().email_sender() == "Parcours <parcours@localhost>"
    assert Organisation(name="Parcours Location").email_sender() == (
        "Parcours Location <parcours@localhost>"
    )
    organisation = Organisation(
        name="Parcours Location", sender_name="Service client", sender_email="sc@pl.example"
    )
    assert organisation.email_sender() == "Service client <sc@pl.example>"
    organisation.sender_name = "Dupont, Location"
    assert organisation.email_sender() == '"Dupont, Location" <sc@pl.example>'


def test_the_cached_organisation_is_renewed_by_a_change(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.organisation_current().name == ""
    with django_assert_num_queries(0):
        selectors.organisation_current()

    services.organisation_update(data=SETTINGS)

    with django_assert_num_queries(1):
        assert selectors.organisation_current().name == "Parcours Location"


# The page


def test_the_cx_manager_changes_the_settings_and_uploads_a_logo(client, cx_manager):
    client.force_login(cx_manager)

    response = client.post(
        reverse("core:organisation_settings"),
        {**SETTINGS, "logo": upload(image_bytes("PNG"))},
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.name == "Parcours Location"
    assert organisation.logo.name.startswith("organisation/logo-")
    page = client.get(reverse("core:organisation_settings")).content.decode()
    assert organisation.logo_path in page


def test_a_refused_logo_is_shown_next_to_the_field_in_french(client, cx_manager):
    client.force_login(cx_manager)

    response = client.post(
        reverse("core:organisation_settings"),
        {**SETTINGS, "logo": upload(image_bytes("GIF"), "logo.gif", "image/gif")},
        headers={"accept-language": "fr"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Un logo doit être une image PNG ou JPEG\u202f; ce fichier est au format GIF." in page
    assert Organisation.objects.count() == 0


def test_the_form_requires_a_name():
    with translation.override("en"):
        form = OrganisationForm(data={**SETTINGS, "name": ""}, instance=Organisation())
        assert form.errors == {"name": ["This field is required."]}


def test_the_dpo_reads_the_settings_without_changing_them(client, dpo):
    services.organisation_update(data=SETTINGS)
    client.force_login(dpo)

    page = client.get(reverse("core:organisation_settings"))
    refused = client.post(reverse("core:organisation_settings"), {**SETTINGS, "name": "Other"})

    assert page.status_code == 200
    assert "<fieldset disabled>" in page.content.decode()
    assert refused.status_code == 403
    assert Organisation.objects.get().name == "Parcours Location"


@pytest.mark.parametrize("role", [Role.INTERVIEWER, Role.VIEWER])
def test_other_roles_do_not_see_the_settings(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("core:organisation_settings")).status_code == 403


# What customers' pages load


def test_the_logo_is_served_by_its_name_with_its_type_and_for_good(client):
    organisation = services.organisation_update(
        data=SETTINGS, logo=upload(image_bytes("JPEG"), "x.jpg")
    )

    response = client.get(organisation.logo_path)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).format == "JPEG"
    assert client.get(reverse("core:organisation_logo", args=["other.jpg"])).status_code == 404


def test_no_logo_is_a_404(client):
    assert client.get(reverse("core:organisation_logo", args=["logo.png"])).status_code == 404


def test_the_stylesheet_carries_the_colours_with_an_etag(client):
    organisation = services.organisation_update(data=SETTINGS)

    response = client.get(reverse("core:organisation_theme"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["ETag"] == f'"{organisation.theme_version}"'
    css = response.content.decode()
    assert "--organisation-primary: #0f4c81;" in css
    assert "--organisation-accent: #f2a900;" in css
    assert "Parcours Location" not in css
    again = client.get(
        reverse("core:organisation_theme"), headers={"if-none-match": response["ETag"]}
    )
    assert again.status_code == 304


# The API


def test_the_api_reads_and_changes_the_organisation(token_client, cx_manager):
    api = token_client(cx_manager)
    png = base64.b64encode(image_bytes("PNG")).decode()

    changed = api.patch(
        "/api/v1/organisation/", {"name": "Parcours Location", "logo": png}, format="json"
    )

    assert changed.status_code == 200, changed.json()
    body = api.get("/api/v1/organisation/").json()
    assert body["name"] == "Parcours Location"
    assert body["logo_url"].startswith("http://testserver/organisation/logo/logo-")
    assert "logo" not in body

    removed = api.patch("/api/v1/organisation/", {"logo": None}, format="json")
    assert removed.json()["logo_url"] is None


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"primary_colour": "#ffffff"}, "primary_colour", "Choose a darker colour"),
        ({"accent_colour": "orange"}, "accent_colour", "Enter a colour as #rrggbb"),
        ({"logo": "not base64!"}, "logo", "Send the logo's file base64-encoded."),
        ({"logo": base64.b64encode(b"GIF89a").decode()}, "logo", "This file is not an image"),
        ({"privacy_notice_url": "javascript:alert(1)"}, "privacy_notice_url", "Enter a valid URL."),
        # It becomes the From header: a line break would start another header.
        ({"sender_name": "Shop\nBcc: all@example.com"}, "sender_name", "Keep it on one line."),
    ],
)
def test_the_api_refuses_what_the_page_refuses(token_client, cx_manager, payload, field, message):
    response = token_client(cx_manager).patch("/api/v1/organisation/", payload, format="json")

    assert response.status_code == 400
    assert response.json()[field][0].startswith(message)


def test_the_api_lets_only_the_cx_manager_change_it(token_client, dpo, viewer):
    assert token_client(dpo).get("/api/v1/organisation/").status_code == 200
    assert token_client(dpo).patch("/api/v1/organisation/", {"name": "X"}).status_code == 403
    assert token_client(viewer).get("/api/v1/organisation/").status_code == 403


# The demo


def test_the_demo_organisation_has_its_name_logo_and_privacy_notice():
    call_command("load_demo", "--allow-production", stdout=io.StringIO())

    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.email_sender()) == (
        "Parcours Location",
        "Parcours Location — Service client <service-client@parcours-location.example>",
    )
    assert organisation.privacy_notice_url == "https://parcours-location.example/confidentialite"
    with organisation.logo.open("rb") as logo:
        assert Image.open(logo).format == "PNG"


def test_loading_the_demo_again_keeps_the_organisation_as_edited():
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    services.organisation_update(data={"name": "Renamed"})

    call_command("load_demo", "--allow-production", stdout=io.StringIO())

    assert Organisation.objects.get().name == "Renamed"


def test_the_settings_page_and_the_api_run_a_fixed_number_of_queries(
    client, cx_manager, token_client, django_assert_num_queries
):
    services.organisation_update(data=SETTINGS)
    client.force_login(cx_manager)
    client.get(reverse("core:organisation_settings"))  # the permissions, cached
    api = token_client(cx_manager)
    api.get("/api/v1/organisation/")

    # The session, the user, their role (the menu) and the organisation.
    with django_assert_num_queries(4):
        client.get(reverse("core:organisation_settings"))
    # The token with its user, and the organisation.
    with django_assert_num_queries(2):
        api.get("/api/v1/organisation/")


def test_the_admin_edits_the_organisation_through_the_same_checks(client, settings):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)

    added = client.get(reverse("admin:core_organisation_add"))
    refused = client.post(
        reverse("admin:core_organisation_add"),
        {**SETTINGS, "logo": upload(image_bytes("GIF"), "logo.gif", "image/gif")},
    )
    saved = client.post(
        reverse("admin:core_organisation_add"), {**SETTINGS, "logo": upload(image_bytes("PNG"))}
    )

    assert added.status_code == 200
    assert refused.status_code == 200
    assert "A logo must be a PNG or JPEG image; this file is GIF." in refused.content.decode()
    assert saved.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.logo.name.startswith("organisation/logo-")
    changed = client.get(reverse("admin:core_organisation_change", args=[organisation.pk]))
    assert changed.status_code == 200
