import pytest

from core import events

# The notifications' handlers, registered by the apps, look the case up.
pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    """A handler registered for case.overdue for the length of one test."""
    calls = []

    def handler(**payload):
        calls.append(payload)

    events.register("case.overdue", handler)
    yield calls
    events.unregister("case.overdue", handler)


def test_an_announced_event_reaches_its_handler_once(received):
    """Registering the same handler twice still calls it once per announcement."""
    events.register("case.overdue", events._handlers["case.overdue"][-1])
    events.announce("case.overdue", case_id=7)
    assert received == [{"case_id": 7}]


def test_another_event_does_not_reach_the_handler(received):
    events.announce("case.opened", case_id=7)
    assert received == []


def test_an_unknown_event_is_refused(received):
    with pytest.raises(events.UnknownEvent):
        events.announce("case.lost", case_id=7)
    with pytest.raises(events.UnknownEvent):
        events.register("case.lost", print)
    assert received == []


def test_a_payload_with_other_keywords_is_refused(received):
    with pytest.raises(TypeError, match="case_id"):
        events.announce("case.overdue", case=7)
    assert received == []
