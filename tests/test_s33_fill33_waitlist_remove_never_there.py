"""``/spa waitlist remove`` of an id that was never on the list, whose answer is lost on every retry (a 502 from a
gateway in front of the spa system's 404): the list read back has no such entry, and the answer says it was not on
the waitlist, not "Removed", and audits no removal. Before, the read-back took "not there" for "removed"."""

import pytest

from tests.test_s32_desk32_waitlist_lost_answer import audited, lose_every_answer_of, statuses
from tests.test_slack_payloads import shown, slash

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_removing_an_id_never_on_the_list_with_its_answer_lost_says_it_was_not_there(world):
    before = statuses(world)
    assert "wl_999" not in before
    lose_every_answer_of(world, "update_waitlist_entry")
    answer = shown(await slash(world, "waitlist remove wl_999"))
    assert statuses(world) == before
    assert "Removed" not in answer, answer
    assert "wl_999 was not on the waitlist" in answer, answer
    assert not audited(world, "waitlist.removed")
