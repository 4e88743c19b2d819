"""One delete_webhook call through the Python MCP SDK client, answering the server's question.

Usage: confirm_delete.py <stdio|http> <legacy|2026-07-28> <accept|decline|none> <webhook id>
  stdio: runs `node <BIN>` with the environment in SERVER_ENV (JSON); http: MCP_URL and MCP_TOKEN.
  none:  no elicitation callback, so the client does not declare the elicitation capability.
Prints one JSON object: {"asked": [messages], "isError": bool, "text": str, "structured": ...}.
"""

import json
import os
import sys

import anyio
import httpx2
import mcp_types as types
from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client


async def main() -> None:
    transport, mode, action, webhook_id = sys.argv[1:5]
    asked: list[str] = []

    async def answer(_context, params):
        asked.append(params.message)
        if action == "accept":
            return types.ElicitResult(action="accept", content={})
        return types.ElicitResult(action="decline")

    if transport == "stdio":
        server = StdioServerParameters(
            command=os.environ.get("NODE", "node"),
            args=[os.environ["BIN"]],
            env=json.loads(os.environ["SERVER_ENV"]),
            cwd="/",
        )
    else:
        http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {os.environ['MCP_TOKEN']}"})
        server = streamable_http_client(os.environ["MCP_URL"], http_client=http)

    async with Client(
        server,
        mode=mode,
        elicitation_callback=answer if action != "none" else None,
    ) as client:
        result = await client.call_tool("delete_webhook", {"webhookId": webhook_id})
        text = "\n".join(block.text for block in result.content if isinstance(block, types.TextContent))
        print(
            json.dumps(
                {
                    "asked": asked,
                    "isError": bool(result.is_error),
                    "text": text,
                    "structured": result.structured_content,
                }
            )
        )


anyio.run(main)
