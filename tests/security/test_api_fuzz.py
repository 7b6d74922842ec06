"""Schemathesis against /api/schema/ on a live server: every operation, every role's token.

Each example is an operation's generated request, sent with the token of a role drawn with
it and, for a path with an id, often the id of a real row, so that the fuzzing gets past 404.
The run is deterministic (derandomized) and short: EXAMPLES per operation, 6 unless the
environment's API_FUZZ_EXAMPLES says more (a deeper run before a release).
"""

import os

import pytest
import requests
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.openapi import from_url
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.security.test_permission_matrix import API_RESOURCES

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "6"))
# Ids no row has and ids that are no ids: a huge integer, a negative one, text, a control
# character (each must be a 404, never a 500).
ODD_IDS = [2**70, -1, "null,null", "NUL", "\x01"]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def fuzz_world(transactional_db, cx_manager, interviewer, dpo, viewer, request):
    # The matrix's world, committed so that the live server's thread sees it.
    return request.getfixturevalue("world")


def _summary(error: BaseException) -> list[str]:
    """One line per distinct failure, with the schema location or the status it is about."""
    if isinstance(error, BaseExceptionGroup):
        return [line for inner in error.exceptions for line in _summary(inner)]
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    where = next((line for line in lines if line.startswith(("Schema at", "Received", "["))), "")
    return [f"{type(error).__name__}: {lines[0] if lines else ''} {where}".strip()]


def test_every_operation_conforms_to_the_schema(live_server, fuzz_world, monkeypatch):
    # Thousands of calls in a few seconds: the throttle has its own test.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": None, "anon": None})
    secrets = fuzz_world["secrets"]
    schema = from_url(
        f"{live_server.url}/api/schema/?format=json",
        headers={"Authorization": f"Bearer {secrets['cx_manager']}"},
    )
    session = requests.Session()
    failures, operations, examples = {}, 0, 0
    ids = sorted({fuzz_world[key].pk for key in API_RESOURCES.values()})

    def fuzz(operation):
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), data=st.data())
        def examples_of(case, data):
            nonlocal examples
            examples += 1
            if case.path_parameters and "id" in case.path_parameters:
                case.path_parameters["id"] = data.draw(
                    st.sampled_from([*ids, *ODD_IDS, case.path_parameters["id"]]), label="id"
                )
            role = data.draw(st.sampled_from(sorted(secrets)), label="role")
            response = case.call(
                base_url=live_server.url,
                session=session,
                headers={"Authorization": f"Bearer {secrets[role]}"},
            )
            case.validate_response(response, checks=CHECKS)

        examples_of()

    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        try:
            fuzz(operation)
        except (Exception, BaseExceptionGroup) as error:  # all reported at once below
            failures[operation.label] = _summary(error)

    print(f"schemathesis: {operations} operations, {examples} examples")
    for label, lines in failures.items():
        print(label, *lines, sep="\n    ")
    assert failures == {}
