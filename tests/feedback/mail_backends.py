"""Mail servers for the tests: in memory, counting connections, or one that stores files for
the tests that run a real worker process."""

import os
import time
import uuid
from email import message_from_bytes
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend


class RecordingBackend(BaseEmailBackend):
    """A mail server that stores each message it accepts as one `.eml` file, renamed into
    place only once complete. It can be slow (`seconds_per_message`) and can stop answering
    for good once the directory holds `hang_after` messages, like a stuck SMTP server."""

    def __init__(self, *, file_path, seconds_per_message=0.0, hang_after=0, **kwargs):
        super().__init__(**kwargs)
        self.directory = Path(file_path)
        self.seconds_per_message = seconds_per_message
        self.hang_after = hang_after

    def send_messages(self, email_messages):
        for message in email_messages:
            if self.hang_after and len(recorded_messages(self.directory)) >= self.hang_after:
                time.sleep(3600)
            time.sleep(self.seconds_per_message)
            name = uuid.uuid4().hex
            partial = self.directory / f"{name}.part"
            partial.write_bytes(message.message().as_bytes())
            os.replace(partial, self.directory / f"{name}.eml")
        return len(email_messages)


def recorded_messages(directory: Path) -> list:
    """The messages the RecordingBackend stored in `directory`, parsed."""
    return [message_from_bytes(path.read_bytes()) for path in sorted(directory.glob("*.eml"))]


class CountingBackend(MemoryBackend):
    """The in-memory mail server (mail.outbox), counting the connections opened to it."""

    opened = 0

    def open(self):
        if not getattr(self, "is_open", False):
            type(self).opened += 1
            self.is_open = True
        return super().open()

    def close(self):
        self.is_open = False
        return super().close()
