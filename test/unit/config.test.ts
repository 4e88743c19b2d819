import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/cli/args.js";
import { DEFAULT_TIMEOUT_MS } from "../../src/config/server.js";
import { DEFAULT_BASE_URL } from "../../src/v0/paths.js";
import { configError } from "../helpers/config-error.js";

const KEY = "v0_abcdefghijklmnop";

function run(env: Record<string, string | undefined>, argv: string[] = []) {
  const command = loadConfig(env, argv);
  if (command.kind !== "run") throw new Error(`expected run, got ${command.kind}`);
  return command.config;
}

describe("loadConfig", () => {
  it("has working defaults with an empty environment (no key is not an error)", () => {
    expect(run({})).toEqual({
      apiKey: undefined,
      baseUrl: DEFAULT_BASE_URL,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      allowHttpWebhooks: false,
      allowedWebhookHosts: undefined,
      allowPrivateWebhooks: false,
      readOnly: false,
      sandbox: false,
      confirmDeletes: true,
      transport: { kind: "stdio" },
    });
    expect(DEFAULT_BASE_URL).toBe("https://api.v0.dev/v2");
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
  });

  it("reads and trims the key; a blank key counts as unset", () => {
    expect(run({ V0_API_KEY: `  ${KEY}\n` }).apiKey).toBe(KEY);
    expect(run({ V0_API_KEY: "   " }).apiKey).toBeUndefined();
  });

  it("rejects a key with inner whitespace without echoing it", () => {
    const message = configError({ V0_API_KEY: "v0_abc defghijkl" });
    expect(message).toContain("V0_API_KEY");
    expect(message).not.toContain("v0_abc");
  });

  it("keeps the base URL's path and drops trailing slashes", () => {
    expect(run({ V0_API_BASE_URL: "https://api.v0.app/v2/" }).baseUrl).toBe("https://api.v0.app/v2");
    expect(run({ V0_API_BASE_URL: "https://proxy.example.com/v0/api/v2" }).baseUrl).toBe(
      "https://proxy.example.com/v0/api/v2",
    );
  });

  it("allows plain http only for loopback hosts", () => {
    expect(run({ V0_API_BASE_URL: "http://127.0.0.1:8080/v2" }).baseUrl).toBe("http://127.0.0.1:8080/v2");
    expect(run({ V0_API_BASE_URL: "http://localhost:3000" }).baseUrl).toBe("http://localhost:3000");
    expect(run({ V0_API_BASE_URL: "http://[::1]:3000/v2" }).baseUrl).toBe("http://[::1]:3000/v2");
    expect(configError({ V0_API_BASE_URL: "http://api.v0.dev/v2" })).toMatch(/https.*in clear/);
    expect(configError({ V0_API_BASE_URL: "http://127.0.0.1.nip.io/v2" })).toMatch(/https/);
    // A trailing dot can send the name to DNS; IPv4-mapped forms are not the forms allowed.
    expect(configError({ V0_API_BASE_URL: "http://localhost./v2" })).toMatch(/https/);
    expect(configError({ V0_API_BASE_URL: "http://[::ffff:127.0.0.1]/v2" })).toMatch(/https/);
  });

  it.each([
    ["not a url", /not an absolute URL/],
    ["ftp://api.v0.dev/v2", /http\(s\)/],
    ["https://user:pw@api.v0.dev/v2", /credentials/],
    ["https://api.v0.dev/v2?token=x", /query string/],
  ])("rejects V0_API_BASE_URL=%s", (value, pattern) => {
    expect(configError({ V0_API_BASE_URL: value })).toMatch(pattern);
  });

  it("parses V0_TIMEOUT_MS and rejects nonsense", () => {
    expect(run({ V0_TIMEOUT_MS: "1500" }).timeoutMs).toBe(1500);
    for (const bad of ["0", "-5", "1.5", "abc", "600001", "30s"]) {
      expect(configError({ V0_TIMEOUT_MS: bad })).toMatch(/V0_TIMEOUT_MS must be a whole number/);
    }
  });

  it("reads boolean switches strictly", () => {
    expect(run({ V0_WEBHOOK_ALLOW_HTTP: "1" }).allowHttpWebhooks).toBe(true);
    expect(run({ V0_WEBHOOK_ALLOW_HTTP: "true" }).allowHttpWebhooks).toBe(true);
    expect(run({ V0_WEBHOOK_ALLOW_HTTP: "0" }).allowHttpWebhooks).toBe(false);
    expect(run({ V0_SANDBOX: "yes" }).sandbox).toBe(true);
    expect(configError({ V0_SANDBOX: "maybe" })).toMatch(/V0_SANDBOX must be/);
  });

  it("reads the webhook host allow-list, lower-cased, and rejects what is not a host", () => {
    expect(run({ V0_WEBHOOK_ALLOWED_HOSTS: " Hooks.Example.com, *.my.app ,," }).allowedWebhookHosts).toEqual([
      "hooks.example.com",
      "*.my.app",
    ]);
    expect(run({ V0_WEBHOOK_ALLOWED_HOSTS: "" }).allowedWebhookHosts).toBeUndefined();
    for (const bad of ["https://x.com", "x.com/path", "x.com:443", "*", "a.*.com"]) {
      expect(configError({ V0_WEBHOOK_ALLOWED_HOSTS: bad })).toMatch(/V0_WEBHOOK_ALLOWED_HOSTS: .* is not a host name/);
    }
  });

  it("reads read-only mode from --read-only or V0_READ_ONLY, and V0_WEBHOOK_ALLOW_PRIVATE", () => {
    expect(run({}, ["--read-only"]).readOnly).toBe(true);
    expect(run({ V0_READ_ONLY: "1" }).readOnly).toBe(true);
    expect(run({ V0_WEBHOOK_ALLOW_PRIVATE: "1" }).allowPrivateWebhooks).toBe(true);
  });

  it("never echoes a value given to an unknown or secret-looking option", () => {
    for (const arg of [`--apikey=${KEY}`, `--v0-api-key=${KEY}`, `--token=${KEY}`, `--whatever=${KEY}`]) {
      expect(configError({}, [arg])).not.toContain(KEY);
    }
    expect(configError({}, [`--token=${KEY}`])).toMatch(/not taken from the command line/);
  });

  it("suggests the nearest option for a typo", () => {
    expect(configError({}, ["--read-onyl"])).toMatch(/did you mean --read-only\?/);
    expect(configError({}, ["--htpp"])).toMatch(/did you mean --http\?/);
    expect(configError({}, ["--zzzzzzzzzz"])).not.toMatch(/did you mean/);
    // Near names only: a short unknown option is not "close" to whatever happens to be short too.
    expect(configError({}, ["--foo=bar"])).toBe('unknown option "--foo". Run with --help to see the options.');
    // A bare word is not an option: it may be a key pasted as an argument, so it is not repeated.
    expect(configError({}, ["serve"])).toMatch(/^unexpected argument \(the value given, 5 characters, is not repeated/);
  });

  it("parses `receive` with its own options", () => {
    expect(loadConfig({}, ["receive"])).toEqual({
      kind: "receive",
      receive: { host: "127.0.0.1", port: 8788, forward: undefined },
    });
    expect(loadConfig({}, ["receive", "--port=9000", "--forward", "http://localhost:3000/hooks"])).toEqual({
      kind: "receive",
      receive: { host: "127.0.0.1", port: 9000, forward: "http://localhost:3000/hooks" },
    });
    expect(configError({}, ["receive", "--forward", "ftp://x"])).toMatch(/--forward must be an http\(s\) URL/);
    expect(configError({}, ["receive", "--sandbox"])).toMatch(
      /receive: unknown option "--sandbox"; it takes --host, --port, --forward\./,
    );
  });

  it("ignores V0_API_KEY in the sandbox, which sends nothing to v0 (even the README's placeholder)", () => {
    const command = loadConfig({ V0_API_KEY: "your-v0-api-key" }, ["--sandbox"]);
    expect(command).toMatchObject({ kind: "run", config: { sandbox: true, apiKey: undefined } });
  });

  it("refuses per-user keys with the sandbox: any bearer would share one in-memory account", () => {
    expect(configError({ MCP_HTTP_AUTH: "v0-key" }, ["--http", "--sandbox"])).toMatch(
      /use MCP_HTTP_TOKEN for a hosted sandbox/,
    );
  });

  it("says a switch takes no value, without echoing the value", () => {
    expect(configError({}, ["--sandbox=1"])).toBe("--sandbox is a switch and takes no value: write --sandbox alone.");
    expect(configError({}, [`--http=${KEY}`])).not.toContain(KEY);
  });

  it.each([
    ["the README's placeholder", "your-v0-api-key", /still a placeholder/],
    ["an unexpanded VS Code input", `\${input:v0_api_key}`, /still a placeholder/],
    ["a key wrapped in quotes", `"${"k".repeat(24)}"`, /wrapped in quotes/],
  ])("stops at start for %s, saying what to do, never echoing it", (_what, key, message) => {
    const error = configError({ V0_API_KEY: key });
    expect(error).toMatch(message);
    expect(error).not.toContain(key.replace(/^"|"$/g, ""));
  });

  describe("--http", () => {
    const TOKEN = "t".repeat(32);

    it("needs MCP_HTTP_TOKEN, and says how to make one", () => {
      expect(configError({}, ["--http"])).toMatch(/HTTP needs MCP_HTTP_TOKEN.*randomBytes/);
      expect(configError({ MCP_HTTP_TOKEN: "short" }, ["--http"])).toMatch(/at least 16/);
      expect(configError({ MCP_HTTP_TOKEN: KEY.repeat(2), V0_API_KEY: KEY.repeat(2) }, ["--http"])).toMatch(
        /must not be the v0 API key/,
      );
    });

    it("defaults to 127.0.0.1:8787 with no allowed origins", () => {
      expect(run({ MCP_HTTP_TOKEN: TOKEN }, ["--http"]).transport).toEqual({
        kind: "http",
        host: "127.0.0.1",
        port: 8787,
        auth: { kind: "token", token: TOKEN },
        allowedOrigins: [],
      });
    });

    it("maps options and environment variables one to one, and the option wins", () => {
      const env = { MCP_HTTP_TOKEN: TOKEN, MCP_HTTP_HOST: "0.0.0.0", MCP_HTTP_PORT: "9000", MCP_TRANSPORT: "http" };
      expect(run(env).transport).toMatchObject({ host: "0.0.0.0", port: 9000 });
      expect(run(env, ["--host", "::1", "--port=9100"]).transport).toMatchObject({ host: "::1", port: 9100 });
      expect(run({ ...env, V0_READ_ONLY: "1" }, ["--read-only"]).readOnly).toBe(true);
      expect(run({ V0_SANDBOX: "0" }, ["--sandbox"]).sandbox).toBe(true);
      expect(run({ MCP_TRANSPORT: "stdio" }).transport).toEqual({ kind: "stdio" });
    });

    it("validates port, origins and the transport name", () => {
      expect(configError({ MCP_HTTP_TOKEN: TOKEN }, ["--http", "--port", "99999"])).toMatch(/port number/);
      expect(configError({ MCP_HTTP_TOKEN: TOKEN }, ["--http", "--port"])).toMatch(/--port needs a value/);
      expect(configError({}, ["--port", "9000"])).toMatch(/only apply with --http/);
      expect(configError({ MCP_TRANSPORT: "sse" })).toMatch(/MCP_TRANSPORT must be stdio or http/);
      expect(
        run({ MCP_HTTP_TOKEN: TOKEN, MCP_HTTP_ALLOWED_ORIGINS: "https://a.example.com, http://localhost:3000/" }, [
          "--http",
        ]).transport,
      ).toMatchObject({ allowedOrigins: ["https://a.example.com", "http://localhost:3000"] });
      expect(
        configError({ MCP_HTTP_TOKEN: TOKEN, MCP_HTTP_ALLOWED_ORIGINS: "https://a.example.com/path" }, ["--http"]),
      ).toMatch(/is not an origin/);
    });
  });

  it("takes --sandbox, --help and --version from argv", () => {
    expect(run({}, ["--sandbox"]).sandbox).toBe(true);
    expect(loadConfig({}, ["--help"]).kind).toBe("help");
    expect(loadConfig({}, ["-v"]).kind).toBe("version");
  });

  it("rejects unknown options with a hint, and refuses a key on the command line", () => {
    expect(configError({}, ["--sandbx"])).toMatch(/unknown option "--sandbx".*--help/);
    expect(configError({}, [`--api-key=${KEY}`])).toMatch(/V0_API_KEY/);
    expect(configError({}, [`--api-key=${KEY}`])).not.toContain(KEY);
  });
});
