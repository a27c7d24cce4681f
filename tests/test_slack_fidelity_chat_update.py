"""chat.update takes the conversation's id only (docs.slack.dev/reference/methods/chat.update: for a DM "ensure that
this value is a DM ID (starts with D) instead of a User ID"; a channel name is channel_not_found too, as Slack's SDK
maintainers confirm in python-slack-sdk#696), while chat.postMessage takes a name or a user id. The stand-in resolved
names and user ids for chat.update as well, so code updating a card by the channel it was configured with (a name) or a
DM by the user's id would have passed every test and failed in a real workspace."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from spa_copilot.sandbox.slack_api import create_slack_api, running_slack_api
from spa_copilot.slack import blocks

TOKEN = "xoxb-update"
MANAGER = "U0MANAGER1"


async def test_chat_update_takes_the_conversation_id_only() -> None:
    app = create_slack_api(bot_token=TOKEN)
    async with running_slack_api(app) as base_url:
        client = AsyncWebClient(token=TOKEN, base_url=base_url)
        card = blocks.notice_message("Card").to_kwargs()
        posted = await client.chat_postMessage(channel="#front-desk", **card)  # a name is fine here
        dm = await client.chat_postMessage(channel=MANAGER, **card)  # and so is a user id
        for channel, ts in (("#front-desk", posted["ts"]), ("front-desk", posted["ts"]), (MANAGER, dm["ts"])):
            with pytest.raises(SlackApiError) as refused:
                await client.chat_update(channel=channel, ts=ts, text="edited")
            assert refused.value.response["error"] == "channel_not_found", channel
        for answer in (posted, dm):
            assert answer["channel"][0] in "CD"
            updated = await client.chat_update(channel=answer["channel"], ts=answer["ts"], text="edited")
            assert updated["ok"] and updated["text"] == "edited"
