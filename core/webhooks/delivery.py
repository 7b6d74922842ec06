"""One HTTP POST to a subscriber, refusing addresses inside our network (SSRF).

The host is resolved when the message is sent, every address it resolves to is checked, and
the connection goes to the address checked (the Host header and TLS's SNI still name the
host): a DNS answer that changes between the check and the connection cannot send us to an
internal address. Redirects are not followed."""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


class AddressRefused(ValueError):
    """The URL's host is, or resolves to, an address Parcours does not send to."""


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    duration_ms: int
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_link_local or address.is_multicast or address.is_unspecified:
        return True
    if address.is_loopback or address.is_private:
        return not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES
    return address.is_reserved or not address.is_global


def checked_address(host: str, port: int) -> str:
    """The first address of `host`, once every address it resolves to is allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise AddressRefused(f"{host} does not resolve") from error
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        if _refused(ipaddress.ip_address(address.split("%", 1)[0])):
            raise AddressRefused(f"{host} resolves to a refused address")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(*, url: str, body: str, headers: dict[str, str]) -> Outcome:
    """POSTs `body` as JSON; the outcome says the status, the time taken and what failed."""
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    started = time.monotonic()

    def outcome(status_code=None, error=""):
        return Outcome(status_code, round((time.monotonic() - started) * 1000), error[:300])

    try:
        address = checked_address(parts.hostname or "", port)
    except AddressRefused as error:
        return outcome(error=str(error))
    connection_class = _PinnedHTTPSConnection if secure else _PinnedHTTPConnection
    connection = connection_class(
        parts.hostname, port, address=address, timeout=settings.WEBHOOK_TIMEOUT_SECONDS
    )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(
            "POST",
            path,
            body=body.encode(),
            headers={
                "Content-Type": "application/json",
                "User-Agent": "Parcours-Webhooks/1",
                **headers,
            },
        )
        response = connection.getresponse()
        response.read(64 * 1024)
        return outcome(response.status)
    except (OSError, http.client.HTTPException) as error:
        return outcome(error=f"{type(error).__name__}: {error}")
    finally:
        connection.close()
