import re
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
# The project's catalogue, and one per app where an app keeps its own (<app>/locale/).
PO_FILES = sorted(
    path for path in ROOT.glob("**/locale/fr/LC_MESSAGES/django.po") if ".venv" not in path.parts
)


def test_the_french_catalogues_exist_and_are_compiled():
    assert ROOT / "locale/fr/LC_MESSAGES/django.po" in PO_FILES
    for po_file in PO_FILES:
        assert po_file.with_suffix(".mo").exists(), f"{po_file} is not compiled"


@pytest.mark.parametrize("po_file", PO_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_message_has_a_french_translation(po_file):
    entries = po_file.read_text().split("\n\n")[1:]  # the first block is the header
    untranslated = [
        entry
        for entry in entries
        if re.search(r'^msgstr ""\n?$', entry.strip(), re.MULTILINE)
        and not re.search(r'^msgstr ""\n"', entry.strip(), re.MULTILINE)
    ]
    assert untranslated == []
    assert "#, fuzzy" not in "\n\n".join(entries)


@pytest.mark.parametrize("po_file", PO_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_plural_message_has_every_form_its_catalogue_declares(po_file):
    header, *entries = po_file.read_text().split("\n\n")
    forms = int(re.search(r"nplurals=(\d+)", header).group(1))
    short = [
        entry
        for entry in entries
        if "\nmsgid_plural " in entry and f"msgstr[{forms - 1}]" not in entry
    ]
    assert short == []


def test_a_french_plural_is_french_whatever_the_count():
    with translation.override("fr"):
        assert [
            translation.ngettext("%(count)s stage", "%(count)s stages", count) % {"count": count}
            for count in (1, 5)
        ] == ["1 étape", "5 étapes"]


@pytest.mark.parametrize(
    ("english", "french"),
    [("Journeys", "Parcours clients"), ("Data register", "Registre des données")],
)
def test_compiled_catalogue_is_loaded(english, french):
    with translation.override("fr"):
        assert translation.gettext(english) == french
