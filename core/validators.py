"""What every app's free text may hold: a length limit and no control characters."""

import re

from django.core.validators import RegexValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# About four printed pages: room for any note, purpose or description, but not for a file
# pasted by mistake or a client filling the database.
TEXT_MAX_LENGTH = 10_000

# The C0 controls but tab, line feed and carriage return, and DEL: invisible once pasted, and
# XML 1.0, so XLSX, cannot hold most of them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@deconstructible(path="core.validators.NoControlCharacters")
class NoControlCharacters(RegexValidator):
    """Refuses text holding a control character other than a tab or a line break. A regex
    validator of the whole text, so that the API schema publishes it as the field's pattern."""

    regex = rf"^[^{CONTROL_CHARACTERS.pattern[1:-1]}]*$"
    message = _("Remove the control characters: only tabs and line breaks are allowed.")
    code = "control_characters"

    def __call__(self, value) -> None:
        if isinstance(value, str):
            super().__call__(value)

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharacters)

    def __hash__(self) -> int:
        return hash(self.code)


no_control_characters = NoControlCharacters()


def without_control_characters(text: str) -> str:
    """The text with its control characters (but tabs and line breaks) taken out."""
    return CONTROL_CHARACTERS.sub("", text)
