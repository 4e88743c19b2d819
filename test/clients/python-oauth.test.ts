import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpBin, startHttpBin } from "../helpers/bin.js";
import { oneKeyV0, useFakeV0 } from "../helpers/fake-v0.js";
import { authorizeAsPerson } from "../helpers/oauth-consent.js";

/*
 * The Python MCP SDK client (mcp 2.3.0, test/clients/python) through its OAuthClientProvider
 * (httpx auth, an in-memory TokenStorage) against the built bin with MCP_HTTP_AUTH=oauth: it
 * discovers, registers, and its redirect_handler prints the authorization URL, where the test
 * side plays the person (authorizeAsPerson: the consent page, their v0 key, Allow) and writes the
 * redirect Location back to the script's callback_handler. Then tools/list and list_webhooks, which
 * reach the fake v0 with the person's key; then the access token runs out and the client refreshes.
 */
const DIR = fileURLToPath(new URL("./python/", import.meta.url));
const PYTHON = `${DIR}.venv/bin/python`;
const installed = existsSync(PYTHON);
if (!installed) console.warn("test/clients/python/.venv is missing (node scripts/setup-runners.mjs python): skipping");

const SECRET = "python-oauth-secret-0123456789abcdef0123";
const PERSON_KEY = "v0_person_key_python_0123456789abcdef";

const fake = useFakeV0({ otherwise: oneKeyV0(() => PERSON_KEY) });

interface Outcome {
  tools: string[];
  calls: Array<{ isError: boolean; text: string; structured: unknown }>;
  requests: string[];
  authorizations: string[];
  tokens: Array<{ access_token: string; refresh_token: string | null }>;
}

/**
 * Runs oauth_flow.py and plays the person: each {"authorize": url} line it prints is answered with
 * the Location the consent page redirects to (an empty line if the page gave none).
 */
function pythonSignsIn(mode: string, url: string): Promise<{ outcome: Outcome; consentErrors: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [`${DIR}oauth_flow.py`, mode], {
      env: { PATH: process.env.PATH ?? "", MCP_URL: url },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const lines: string[] = [];
    const consentErrors: string[] = [];
    const consents: Promise<void>[] = [];
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      lines.push(line);
      const authorize = line.startsWith("{") ? (JSON.parse(line) as { authorize?: string }).authorize : undefined;
      if (authorize === undefined) return;
      consents.push(
        authorizeAsPerson(authorize, PERSON_KEY)
          .catch((error: unknown) => {
            consentErrors.push(String(error));
            return "";
          })
          .then((location) => {
            child.stdin.write(`${location}\n`);
          }),
      );
    });
    child.on("error", reject);
    child.on("close", async (code) => {
      await Promise.all(consents);
      const last = lines.at(-1) ?? "";
      if (code !== 0 || !last.startsWith('{"tools"')) {
        reject(new Error(`python exited ${code}:\n${lines.join("\n")}\n${stderr}\n${consentErrors.join("\n")}`));
      } else {
        resolve({ outcome: JSON.parse(last) as Outcome, consentErrors });
      }
    });
  });
}

let server: HttpBin;
let issuer: string;
beforeAll(async () => {
  if (!installed) return;
  server = await startHttpBin({ MCP_HTTP_AUTH: "oauth", MCP_OAUTH_SECRET: SECRET, V0_API_BASE_URL: fake.baseUrl });
  issuer = new URL(server.url).origin;
});
afterAll(() => {
  server?.child.kill("SIGKILL");
});

describe.skipIf(!installed).each(["legacy", "2026-07-28"])("the Python SDK's OAuthClientProvider (%s)", (mode) => {
  it("signs in through the consent page, calls list_webhooks with the person's key, and refreshes when the token runs out", async () => {
    const { outcome, consentErrors } = await pythonSignsIn(mode, server.url);
    expect(consentErrors).toEqual([]);

    // One trip to the consent page, for this server's resource, with PKCE S256.
    expect(outcome.authorizations).toHaveLength(1);
    const sentTo = new URL(outcome.authorizations[0] as string);
    expect(`${sentTo.origin}${sentTo.pathname}`).toBe(`${issuer}/authorize`);
    expect(Object.fromEntries(sentTo.searchParams)).toMatchObject({
      response_type: "code",
      code_challenge_method: "S256",
      redirect_uri: "http://127.0.0.1:43113/callback",
      resource: server.url,
    });

    // What the client did on its own: 401, discovery, registration, the code for tokens, the MCP
    // exchange; after the expiry, a refresh and no second authorization.
    const { requests } = outcome;
    const beforeCalls = requests.slice(0, requests.indexOf("-- list_webhooks (signed in)"));
    expect(beforeCalls.slice(0, 5)).toEqual([
      "POST /mcp → 401",
      "GET /.well-known/oauth-protected-resource/mcp → 200",
      "GET /.well-known/oauth-authorization-server → 200",
      "POST /register → 201",
      "POST /token authorization_code → 200",
    ]);
    expect(beforeCalls.slice(5).every((line) => /^(POST|GET|DELETE) \/mcp → 2\d\d$/.test(line))).toBe(true);
    const afterExpiry = requests.slice(requests.indexOf("-- list_webhooks (after expiry)") + 1);
    expect(afterExpiry).toEqual(["POST /token refresh_token → 200", "POST /mcp → 200"]);

    expect(outcome.tools).toContain("list_webhooks");
    expect(outcome.calls).toEqual([
      expect.objectContaining({ isError: false, structured: expect.objectContaining({ webhooks: [] }) }),
      expect.objectContaining({ isError: false, structured: expect.objectContaining({ webhooks: [] }) }),
    ]);
    // v0 was called with the key the person pasted: once on the consent page, then per call.
    expect(fake.requests.map((request) => [request.method, request.url, request.headers.authorization])).toEqual([
      ["GET", "/v2/hooks", `Bearer ${PERSON_KEY}`],
      ["GET", "/v2/hooks", `Bearer ${PERSON_KEY}`],
      ["GET", "/v2/hooks", `Bearer ${PERSON_KEY}`],
    ]);

    // The refresh rotated both tokens; none of them carries the key, and none reached the log.
    const [signedIn, refreshed] = outcome.tokens;
    expect(outcome.tokens).toHaveLength(2);
    expect(refreshed?.access_token).not.toBe(signedIn?.access_token);
    expect(refreshed?.refresh_token).not.toBe(signedIn?.refresh_token);
    for (const token of outcome.tokens) {
      expect(JSON.stringify(token)).not.toContain(PERSON_KEY);
      expect(server.stderr()).not.toContain(token.access_token);
    }
    expect(server.stderr()).not.toContain(PERSON_KEY);
  }, 60_000); // the flow takes about a second; starting Python and importing the SDK, several on a busy machine
});
