import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/cli/args.js";
import { allTools } from "../../src/tools/index.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (file: string) => JSON.parse(readFileSync(join(root, file), "utf8"));
const pkg = read("package.json");
const manifest = read("manifest.json");
const server = read("server.json");
const readme = readFileSync(join(root, "README.md"), "utf8");

describe("packaging metadata", () => {
  it("has one version in package.json, server.json and manifest.json", () => {
    expect(server.version).toBe(pkg.version);
    expect(server.packages[0].version).toBe(pkg.version);
    expect(manifest.version).toBe(pkg.version);
  });

  it("names the npm package and the registry entry consistently", () => {
    expect(server.name).toBe(pkg.mcpName);
    expect(server.packages[0]).toMatchObject({
      registryType: "npm",
      identifier: pkg.name,
      transport: { type: "stdio" },
    });
    expect(manifest.name).toBe(pkg.name);
  });

  it("lists the server's tools in the bundle manifest", () => {
    expect(manifest.tools.map((t: { name: string }) => t.name)).toEqual(allTools.map((t) => t.name));
  });

  it("keeps the key a sensitive user setting mapped into env, never into args", () => {
    expect(manifest.user_config.v0_api_key).toMatchObject({ type: "string", sensitive: true, required: false });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: MCPB's own placeholder syntax, not a template
    expect(manifest.server.mcp_config.env.V0_API_KEY).toBe("${user_config.v0_api_key}");
    expect(JSON.stringify(manifest.server.mcp_config.args)).not.toContain("user_config");
    const secret = server.packages[0].environmentVariables.find((v: { name: string }) => v.name === "V0_API_KEY");
    expect(secret).toMatchObject({ isRequired: true, isSecret: true });
  });

  it("installs without a key and offers the sandbox: the settings as a client fills them start a sandbox server", () => {
    expect(manifest.user_config.sandbox).toMatchObject({ type: "boolean", default: false });
    // What the client hands the server when the key is left empty and Sandbox is ticked.
    const filled = { v0_api_key: "", sandbox: "true", allowed_hosts: "", read_only: "false" } as Record<string, string>;
    const env = Object.fromEntries(
      Object.entries(manifest.server.mcp_config.env as Record<string, string>).map(([name, value]) => [
        name,
        value.replace(/\$\{user_config\.(\w+)\}/g, (_, key: string) => filled[key] ?? ""),
      ]),
    );
    const command = loadConfig(env, []);
    expect(command.kind === "run" && command.config.sandbox).toBe(true);
  });

  it("documents every environment variable it advertises", () => {
    const names = [
      ...server.packages[0].environmentVariables.map((v: { name: string }) => v.name),
      ...Object.keys(manifest.server.mcp_config.env),
    ];
    for (const name of names) expect(readme, name).toContain(`\`${name}\``);
  });

  it("tells users where the MCP Bundle comes from: the file `npm run pack:mcpb` writes and a release carries", () => {
    expect(readme).toContain("npm run pack:mcpb");
    expect(readme).toContain(`build/${pkg.name}-<version>.mcpb`);
    expect(readme).toContain(`\`${pkg.name}-<version>.mcpb\``);
    expect(readFileSync(join(root, ".github/workflows/release.yml"), "utf8")).toContain("build/*.mcpb");
  });
});

describe("the MCP Bundle", () => {
  it("packs the bundled bin with the manifest, and the packed server starts", async () => {
    execFileSync(process.execPath, [join(root, "scripts/pack-mcpb.mjs")], { cwd: root, stdio: "ignore" });
    const file = join(root, "build", `v0-webhooks-mcp-${pkg.version}.mcpb`);
    const unpacked = mkdtempSync(join(tmpdir(), "mcpb-"));
    try {
      execFileSync("unzip", ["-q", file, "-d", unpacked]);
      expect(JSON.parse(readFileSync(join(unpacked, "manifest.json"), "utf8"))).toEqual(manifest);
      const child = spawn(process.execPath, [join(unpacked, "server", "index.js")], {
        env: { PATH: process.env.PATH ?? "", V0_SANDBOX: "1", V0_WEBHOOK_ALLOWED_HOSTS: "", V0_READ_ONLY: "false" },
      });
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.stdin.write(
        `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } })}\n`,
      );
      await expect.poll(() => out.includes('"id":1'), { timeout: 15_000 }).toBe(true);
      child.stdin.end();
      expect(JSON.parse(out.split("\n")[0] ?? "")).toMatchObject({ result: { serverInfo: { version: pkg.version } } });
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
  });
});
