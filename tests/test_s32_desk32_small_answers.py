"""Smaller wrong answers through /spa (rev32a R3): the brief help's example names a therapist, the audit names the
copilot as the docs do, a hyphenated surname typed with a space is found, the status counts open conflicts as
/spa conflicts does, and /spa fill's footer says which cancellations get a card by themselves."""

import re

from spa_copilot.scheduler import sync_and_process
from tests.test_slack_payloads import shown, slash


async def test_the_brief_helps_example_is_a_therapist_whose_briefing_previews(world):
    help_answer = shown(await slash(world, "brief tomorrow"))
    example = re.search(r"/spa brief @(\w+) tomorrow", help_answer)
    assert example is not None, help_answer[:300]
    following = shown(await slash(world, f"brief {example.group(1)} tomorrow"))
    assert "is a manager" not in following and "(preview)" in following, following[:300]


async def test_audit_names_the_copilots_ai_drafts_by_copilot(world):
    await slash(world, "fill ap_b0044", user=world.manager_id)
    audit = shown(await slash(world, "audit 50", user=world.manager_id))
    assert "ai." in audit, audit[:400]  # the AI's drafts are there
    assert "by ai" not in audit and "· by copilot" in audit, audit[:400]


async def test_a_hyphenated_surname_typed_with_a_space_is_found(world):
    answer = shown(await slash(world, "client Abernathy Cole"))
    assert "No client matches" not in answer and "Abernathy-Cole" in answer, answer[:300]


async def test_a_name_typed_with_a_hyphen_it_does_not_have_is_found(world):
    client = next(c for c in world.data.clients if " " not in c.last_name and "-" not in c.last_name
                  and " " not in c.first_name and "-" not in c.first_name)
    answer = shown(await slash(world, f'client "{client.first_name}-{client.last_name}"'))
    assert "No client matches" not in answer and client.last_name in answer, answer[:300]


async def test_status_counts_the_open_conflicts_as_conflicts_does(world, clock):
    for loc in world.data.locations:
        await sync_and_process(world.copilot, loc, full=True)
    clock.advance(hours=8)  # 5pm in SoHo: some of today's clashes are over
    for loc in world.data.locations:
        await sync_and_process(world.copilot, loc, full=False)
    status = shown(await slash(world, "status"))
    conflicts = shown(await slash(world, "conflicts"))
    over = re.search(r"(\d+) earlier today, now over", conflicts)
    listed = re.search(r"(\d+) conflicts?;", conflicts)
    assert over and listed, conflicts[:400]  # the scene: some over, some still to fix
    today = re.search(r"Open conflicts:\* \d+ \((\d+) today", status) or re.search(r"Open conflicts:\* (\d+)\\n", status)
    assert today is not None, status[:500]
    assert int(today.group(1)) == int(listed.group(1)), (status[:500], conflicts[:300])


async def test_fill_alone_does_not_promise_a_card_for_cancellations_it_will_not_card(world):
    answer = shown(await slash(world, "fill"))
    assert "`/spa fill ap_" in answer  # cancellations in the book before the copilot looked, with no card
    assert "A cancellation in the next 48 hours gets its fill card by itself" not in answer
    assert "one listed here with its /spa fill &lt;id&gt; has no card: that command starts one" in answer, answer[-400:]
