import pytest
from django.test import Client


@pytest.mark.django_db
def test_favicon_ico_leads_anyone_to_the_svg_icon_that_pages_link_to():
    client = Client()

    response = client.get("/favicon.ico")
    icon = client.get(response["Location"])
    login_page = client.get("/accounts/login/").content.decode()

    assert response.status_code == 302
    assert response["Location"].endswith(".svg")
    assert f'<link rel="icon" href="{response["Location"]}" type="image/svg+xml">' in login_page
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)
