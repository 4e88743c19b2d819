// @ts-check
// `npm run demo`: builds if needed, then plays an agent's session against the real bin over stdio,
// in sandbox mode (an in-memory v0 API: no key, no network). Prints each call and its answer.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "dist", "index.js");

/** @param {string} dir @returns {number} */
function newest(dir) {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((e) =>
      e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
    ),
  );
}

if (!existsSync(bin) || statSync(bin).mtimeMs < newest(join(root, "src"))) {
  console.log("Building v0-webhooks-mcp…");
  execSync("npm run build", { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
}

const color = process.stdout.isTTY && !process.env.NO_COLOR;
/** @param {string} code @param {string} s */
const paint = (code, s) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
const step = (/** @type {string} */ s) => console.log(`\n${paint("1;36", `▶ ${s}`)}`);
const indent = (/** @type {string} */ s) => s.replace(/^/gm, "    ");

const transport = new StdioClientTransport({
  command: process.execPath,
  args: [bin, "--sandbox"],
  env: { PATH: process.env.PATH ?? "" },
  stderr: "ignore",
});
const client = new Client({ name: "demo-agent", version: "1.0.0" });
await client.connect(transport);
const info = client.getServerVersion();
console.log(paint("1", `Connected to ${info?.name} ${info?.version} over stdio, in sandbox mode.`));

/**
 * @param {string} name
 * @param {Record<string, unknown>} args
 */
async function call(name, args) {
  console.log(paint("33", `  → ${name} ${JSON.stringify(args)}`));
  const result = /** @type {{isError?: boolean, content: Array<{type: string, text?: string}>}} */ (
    await client.callTool({ name, arguments: args })
  );
  const text = result.content.map((c) => c.text ?? `[${c.type}]`).join("\n");
  console.log(paint(result.isError ? "31" : "32", `  ← ${result.isError ? "isError" : "ok"}`));
  console.log(indent(text));
  return result;
}

step("The agent lists the tools");
const { tools } = await client.listTools();
for (const tool of tools) {
  const a = tool.annotations ?? {};
  console.log(
    `    ${paint("1", tool.name)} — ${tool.title} (readOnly: ${a.readOnlyHint}, destructive: ${a.destructiveHint}, idempotent: ${a.idempotentHint})`,
  );
}

step('User: "notify https://my.app/hooks whenever a v0 message finishes"');
await call("create_webhook", { name: "Notify my app", events: ["message.finished"], url: "https://my.app/hooks" });

step("The agent makes a mistake: it invents an event type");
await call("create_webhook", { name: "Chat feed", events: ["chat.finished"], url: "https://my.app/chats" });

step("It reads the error, corrects itself and calls again");
await call("create_webhook", { name: "Chat feed", events: ["chat.created"], url: "https://my.app/chats" });

await client.close();
console.log(`\n${paint("1", "Done.")} Nothing was sent to v0: the sandbox keeps webhooks in memory.`);
