"""Starts the tests' OpenID Connect provider: a fresh database, an RS256 key made now, one
person (username, password, e-mail, groups) and one confidential client whose redirect URI
is Parcours' callback; then serves on 127.0.0.1:<port> until killed.

python -m tests.oidc_provider.serve PORT REDIRECT_URI CLIENT_ID CLIENT_SECRET \
    USERNAME PASSWORD EMAIL GROUP[,GROUP...]
"""

import os
import sys
import tempfile
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIServer, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def _private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def main(port, redirect_uri, client_id, client_secret, username, password, email, groups):
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    os.environ["OIDC_PROVIDER_DB"] = os.path.join(tempfile.mkdtemp(), "provider.sqlite3")
    os.environ["OIDC_PROVIDER_KEY"] = _private_key_pem()
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    person = User.objects.create_user(username, email=email, password=password)
    person.first_name, person.last_name = "Jeanne", "Roux"
    person.save()
    for name in groups.split(","):
        person.groups.add(Group.objects.create(name=name))
    Application.objects.create(
        name="Parcours",
        client_id=client_id,
        client_secret=client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server = make_server(
        "127.0.0.1", int(port), get_wsgi_application(), server_class=ThreadingWSGIServer
    )
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:])
