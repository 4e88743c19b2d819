"""The Python MCP SDK's OAuthClientProvider against a server in MCP_HTTP_AUTH=oauth mode.

Usage: oauth_flow.py <legacy|2026-07-28>   (MCP_URL: the server's /mcp URL)

The client discovers, registers and sends the person to the consent page: its redirect_handler
prints {"authorize": "<authorization URL>"} on stdout, and its callback_handler reads the line the
test side writes back on stdin (the Location the server redirected the person's browser to) and
hands the SDK its code, state and iss. Then it lists the tools and calls list_webhooks; then the
access token's lifetime runs out (the client is told it expired, and its copy no longer works) and
it calls list_webhooks again, which must refresh without sending the person back.
Prints one JSON object last: {"tools", "calls", "requests", "authorizations", "tokens"}.
"""

import json
import os
import sys
import time
from urllib.parse import parse_qs, urlparse

import anyio
import anyio.to_thread
import httpx2
import mcp_types as types
from mcp.client.auth import AuthorizationCodeResult, OAuthClientProvider, TokenStorage
from mcp.client.client import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import OAuthClientInformationFull, OAuthClientMetadata, OAuthToken

REDIRECT = "http://127.0.0.1:43113/callback"


class InMemoryTokenStorage(TokenStorage):
    """Tokens and the registration, in memory, with every token set saved kept in order."""

    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.saved: list[OAuthToken] = []
        self.client_info: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens
        self.saved.append(tokens)

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client_info

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client_info = client_info


def emit(message: dict) -> None:
    print(json.dumps(message), flush=True)


async def main() -> None:
    mode = sys.argv[1]
    url = os.environ["MCP_URL"]
    storage = InMemoryTokenStorage()
    authorizations: list[str] = []
    requests: list[str] = []

    async def redirect_handler(authorization_url: str) -> None:
        authorizations.append(authorization_url)
        emit({"authorize": authorization_url})

    async def callback_handler() -> AuthorizationCodeResult:
        location = (await anyio.to_thread.run_sync(sys.stdin.readline)).strip()
        if not location:
            raise RuntimeError("the person did not come back with a redirect")
        query = parse_qs(urlparse(location).query)

        def first(name: str) -> str | None:
            return (query.get(name) or [None])[0]

        return AuthorizationCodeResult(code=first("code") or "", state=first("state"), iss=first("iss"))

    provider = OAuthClientProvider(
        server_url=url,
        client_metadata=OAuthClientMetadata(
            client_name="Python SDK OAuth test",
            redirect_uris=[REDIRECT],
            token_endpoint_auth_method="none",
        ),
        storage=storage,
        redirect_handler=redirect_handler,
        callback_handler=callback_handler,
    )

    async def record(response: httpx2.Response) -> None:
        request = response.request
        grant = ""
        if request.method == "POST" and request.url.path == "/token":
            grant = " " + parse_qs(request.content.decode()).get("grant_type", ["?"])[0]
        requests.append(f"{request.method} {request.url.path}{grant} → {response.status_code}")

    http = httpx2.AsyncClient(auth=provider, event_hooks={"response": [record]})
    calls = []
    async with Client(streamable_http_client(url, http_client=http), mode=mode) as client:
        tools = [tool.name for tool in (await client.list_tools()).tools]
        for round_ in ("signed in", "after expiry"):
            if round_ == "after expiry":
                # What an hour does: the client's clock says the token expired, and the server no
                # longer takes it (one character changed), so only a refresh gets a working one.
                provider.context.token_expiry_time = time.time() - 1
                current = provider.context.current_tokens
                assert current is not None
                tampered = current.access_token[:-2] + "AA"
                provider.context.current_tokens = current.model_copy(update={"access_token": tampered})
            requests.append(f"-- list_webhooks ({round_})")
            result = await client.call_tool("list_webhooks", {})
            text = "\n".join(block.text for block in result.content if isinstance(block, types.TextContent))
            calls.append({"isError": bool(result.is_error), "text": text, "structured": result.structured_content})

    emit(
        {
            "tools": tools,
            "calls": calls,
            "requests": requests,
            "authorizations": authorizations,
            "tokens": [
                {"refresh_token": token.refresh_token, "access_token": token.access_token} for token in storage.saved
            ],
        }
    )


anyio.run(main)
