import { describe, expect, it } from "vitest";
import { describeListenError } from "../../src/cli/listen-error.js";
import { configError } from "../helpers/config-error.js";
import { leakedFragments } from "../helpers/secrets.js";

/*
 * A key pasted into the wrong place (an argument, a switch's value, another variable) must not be
 * printed back by the error that refuses it: stderr ends up in client logs, bug reports and
 * screenshots. Each error names the option or variable and says what is wrong, never the value.
 */
const KEY = "v0_Pasted_Key_4b7e91c2d8a3f605";
const ALNUM_KEY = "v0PastedKey4b7e91c2d8a3f605";

const cases: Array<[string, Record<string, string>, string[]]> = [
  ["a key as a positional argument", {}, [KEY]],
  ["a key after a short option with =", {}, [`-k=${KEY}`]],
  ["a key after an unknown long option with =", {}, [`--apikey2=${KEY}`]],
  ["a key as the value of --host", { MCP_HTTP_TOKEN: "t".repeat(32) }, ["--http", "--host", KEY]],
  ["a key as the value of --port", { MCP_HTTP_TOKEN: "t".repeat(32) }, ["--http", "--port", KEY]],
  ["a key in V0_SANDBOX", { V0_SANDBOX: KEY }, []],
  ["a key in V0_READ_ONLY", { V0_READ_ONLY: KEY }, []],
  ["a key in V0_TIMEOUT_MS", { V0_TIMEOUT_MS: KEY }, []],
  ["a key in V0_API_BASE_URL", { V0_API_BASE_URL: KEY }, []],
  ["a key in V0_WEBHOOK_ALLOWED_HOSTS", { V0_WEBHOOK_ALLOWED_HOSTS: `my.app,${KEY}` }, []],
  ["a key in MCP_TRANSPORT", { MCP_TRANSPORT: KEY }, []],
  ["a key in MCP_HTTP_AUTH", { MCP_HTTP_AUTH: KEY }, ["--http"]],
  ["a key in MCP_HTTP_HOST", { MCP_HTTP_TOKEN: "t".repeat(32), MCP_HTTP_HOST: KEY }, ["--http"]],
  ["a key in MCP_HTTP_ALLOWED_ORIGINS", { MCP_HTTP_TOKEN: "t".repeat(32), MCP_HTTP_ALLOWED_ORIGINS: KEY }, ["--http"]],
  ["a key given to receive", {}, ["receive", KEY]],
  ["a key pasted as an option name", {}, [`--${KEY}`]],
  ["a key glued to a short option name", {}, [`--h${KEY}`]],
  ["a key pasted as an option name of receive", {}, ["receive", `--${KEY}`]],
  ["a key as receive's --host", {}, ["receive", "--host", KEY]],
  ["a key as receive's --port", {}, ["receive", "--port", KEY]],
];

describe("configuration errors never echo what they refuse", () => {
  it.each(cases)("%s", (_what, env, argv) => {
    const message = configError(env, argv);
    expect(leakedFragments(message, KEY, 6)).toEqual([]);
    // It still says what is wrong: an option or variable by name, or the argument's place.
    expect(message).toMatch(/--|V0_|MCP_|argument|receive/);
  });

  it("a host name that passes the syntax check but cannot be bound is not echoed either", () => {
    const message = describeListenError(
      Object.assign(new Error(`getaddrinfo ENOTFOUND ${ALNUM_KEY}`), { code: "ENOTFOUND" }),
      ALNUM_KEY,
      8787,
    );
    expect(leakedFragments(message, ALNUM_KEY, 6)).toEqual([]);
    expect(message).toMatch(/ENOTFOUND/);
    // An address is shown: it is what a person needs to fix a port clash.
    expect(describeListenError(Object.assign(new Error("in use"), { code: "EADDRINUSE" }), "127.0.0.1", 8787)).toBe(
      "cannot listen on 127.0.0.1:8787: the port is already in use: stop the other process or choose another port (EADDRINUSE)",
    );
  });
});
