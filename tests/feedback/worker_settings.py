"""Settings of the worker processes the failure tests start: the project's settings, with a
mail server that keeps every message it accepts as a file (see mail_backends.py)."""

import os

from config.settings import *  # noqa: F403

MAILERS = {
    "default": {
        "BACKEND": "tests.feedback.mail_backends.RecordingBackend",
        "OPTIONS": {
            "file_path": os.environ["FEEDBACK_TEST_MAIL_DIR"],
            "seconds_per_message": float(os.environ.get("FEEDBACK_TEST_MAIL_SECONDS", "0")),
            "hang_after": int(os.environ.get("FEEDBACK_TEST_MAIL_HANG_AFTER", "0")),
        },
    }
}
