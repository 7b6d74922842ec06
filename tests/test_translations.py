import re
from pathlib import Path

import pytest
from django.utils import translation

PO_FILE = Path(__file__).resolve().parent.parent / "locale/fr/LC_MESSAGES/django.po"


def test_every_message_has_a_french_translation():
    entries = PO_FILE.read_text().split("\n\n")[1:]  # the first block is the header
    untranslated = [
        entry
        for entry in entries
        if re.search(r'^msgstr ""\n?$', entry.strip(), re.MULTILINE)
        and not re.search(r'^msgstr ""\n"', entry.strip(), re.MULTILINE)
    ]
    assert untranslated == []
    assert "#, fuzzy" not in "\n\n".join(entries)


@pytest.mark.parametrize(
    ("english", "french"),
    [("Journeys", "Parcours clients"), ("Data register", "Registre des données")],
)
def test_compiled_catalogue_is_loaded(english, french):
    with translation.override("fr"):
        assert translation.gettext(english) == french
