"""The import contracts of pyproject.toml ([tool.importlinter]), which scripts/test runs with
`lint-imports`, fed a tiny tree of packages with the project's names: a lower app importing a
higher one must fail, naming the import, and a tree that keeps the layering must pass."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = (ROOT / "pyproject.toml").read_text()
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

# Each app of the tree imports the one just below it: the layering, kept.
CLEAN_TREE = {
    "core/models.py": "",
    "journeys/models.py": "import core.models\n",
    "stakeholders/models.py": "import journeys.models\n",
    "feedback/models.py": "import stakeholders.models\n",
    "gdpr/models.py": "import feedback.models\n",
    "config/urls.py": "import gdpr.models\nimport core.models\n",
}


def _importlinter_section() -> str:
    """The [tool.importlinter] tables of pyproject.toml, as they are written there."""
    return "".join(re.findall(r"^\[\[?tool\.importlinter\b.*?(?=^\[|\Z)", PYPROJECT, re.M | re.S))


def _lint_imports(tmp_path: Path, files: dict[str, str]) -> subprocess.CompletedProcess:
    section = _importlinter_section()
    for package in tomllib.loads(section)["tool"]["importlinter"]["root_packages"]:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    for name, source in files.items():
        (tmp_path / name).write_text(source)
    (tmp_path / "pyproject.toml").write_text(section)
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_project_contracts_are_the_ones_this_test_reads():
    contracts = tomllib.loads(_importlinter_section())["tool"]["importlinter"]["contracts"]
    assert [(contract["type"], contract["name"]) for contract in contracts] == [
        ("layers", "Apps depend one way: gdpr > feedback > stakeholders > journeys > core"),
        ("forbidden", "core imports no product app"),
        ("forbidden", "journeys imports no other product app"),
    ]
    assert contracts[0]["layers"] == ["gdpr", "feedback", "stakeholders", "journeys", "core"]


def test_a_tree_that_keeps_the_layering_passes(tmp_path):
    result = _lint_imports(tmp_path, CLEAN_TREE)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_journeys_importing_feedback_fails_and_names_the_import(tmp_path):
    files = {**CLEAN_TREE, "journeys/selectors.py": "import core.models\nimport feedback.models\n"}

    result = _lint_imports(tmp_path, files)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Contracts: 1 kept, 2 broken." in result.stdout
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert "journeys is not allowed to import feedback" in broken
    assert "journeys.selectors -> feedback.models (l.2)" in broken


@pytest.mark.parametrize(
    ("source", "target"), [("core/views.py", "journeys"), ("core/views.py", "gdpr")]
)
def test_core_importing_a_product_app_fails(tmp_path, source, target):
    files = {**CLEAN_TREE, source: f"import {target}.models\n"}

    result = _lint_imports(tmp_path, files)

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"core is not allowed to import {target}" in result.stdout
    assert f"core.views -> {target}.models (l.1)" in result.stdout
