"""``/spa fill`` as the front desk types it, through the real Bolt app against the sandbox spa: an id in another
case than the spa system's, a second ``fill`` for an opening that already has a card (a link to that card), and a
guest's name where the id goes (where staff find an appointment's id)."""

from __future__ import annotations

import re

from spa_copilot.slack import texts
from tests.fill_scene import Scene, proposed
from tests.test_slack_scenarios import ask


async def test_an_id_typed_in_upper_case_finds_the_appointment(scene: Scene) -> None:
    scene.world.spa.webhooks.url = None  # no card by itself: the fill by hand makes the proposal
    await scene.cancel()
    typed = scene.target.id.upper()
    assert typed != scene.target.id
    answer = await ask(scene.world, f"fill {typed}")
    assert "Posted a fill proposal" in answer and "There is no appointment" not in answer, answer
    assert scene.proposal["appointment_id"] == scene.target.id  # the spa system's spelling, not the typed one


async def test_a_second_fill_links_to_the_card_that_already_exists(scene: Scene) -> None:
    await proposed(scene)
    row = scene.proposal
    answer = await ask(scene.world, f"fill {scene.target.id.upper()}")
    assert f"A fill proposal for {scene.target.id} already exists (pending)" in answer, answer
    link = re.search(r"<(https://[^|>]+)\|" + re.escape(texts.PROPOSAL_CARD_LINK) + ">", answer)
    assert link is not None, answer
    assert link.group(1).endswith(f"/archives/{row['channel']}/p{row['ts'].replace('.', '')}"), link.group(1)


async def test_a_second_fill_before_the_card_is_in_slack_says_so(scene: Scene) -> None:
    await proposed(scene)
    scene.store.update_fill_proposal(scene.proposal["id"], at=scene.copilot.now(), ts=None)
    answer = await ask(scene.world, f"fill {scene.target.id}")
    assert "already exists (pending)" in answer and texts.PROPOSAL_NO_CARD in answer, answer


async def test_a_name_where_the_id_goes_says_where_ids_are_shown(scene: Scene) -> None:
    one_word = await ask(scene.world, "fill Okonkwo")
    assert "There is no appointment Okonkwo." in one_word, one_word
    assert "not a guest's name" in one_word and "/spa fill alone lists the cancelled bookings" in one_word, one_word
    assert "next 48 hours" in one_word, one_word  # the sandbox's fill horizon
    # two words are refused by the parser, with fill's help under it: the help says the same
    two_words = await ask(scene.world, "fill Jane Okonkwo")
    assert "fill needs one appointment id" in two_words and "/spa fill alone lists the cancelled bookings" in two_words
