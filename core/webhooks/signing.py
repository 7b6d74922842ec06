"""Signatures as the Standard Webhooks specification says: HMAC-SHA256 of
`{webhook-id}.{webhook-timestamp}.{body}` keyed with the secret's bytes (base64 after the
`whsec_` prefix), sent as `v1,<base64>`; several signatures are separated by spaces."""

import base64
import hashlib
import hmac

from .models import SECRET_PREFIX


def secret_bytes(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign(*, secret: str, webhook_id: str, timestamp: int, body: str) -> str:
    content = f"{webhook_id}.{timestamp}.{body}".encode()
    digest = hmac.new(secret_bytes(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(*, secrets: list[str], webhook_id: str, timestamp: int, body: str) -> dict[str, str]:
    """The three headers of one attempt, signed with each secret given (the current one,
    then the former one while the rotation's overlap lasts)."""
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(
            sign(secret=secret, webhook_id=webhook_id, timestamp=timestamp, body=body)
            for secret in secrets
        ),
    }
