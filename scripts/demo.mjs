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
  const result =
    /** @type {{isError?: boolean, structuredContent?: unknown, content: Array<{type: string, text?: string}>}} */ (
      await client.callTool({ name, arguments: args })
    );
  const text = result.content.map((c) => c.text ?? `[${c.type}]`).join("\n");
  console.log(paint(result.isError ? "31" : "32", `  ← ${result.isError ? "isError" : "ok"}`));
  // The text block is a summary followed by the same JSON as structuredContent: show it compactly.
  console.log(indent(result.structuredContent ? (text.split("\n\n")[0] ?? text) : text));
  if (result.structuredContent)
    console.log(indent(paint("2", `structuredContent: ${JSON.stringify(result.structuredContent)}`)));
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
const args = { name: "Notify my app", events: ["message.finished"], url: "https://my.app/hooks" };
const created = /** @type {{structuredContent?: {id?: string}}} */ (await call("create_webhook", args));
const id = created.structuredContent?.id ?? "";

step("The answer was lost, so the agent retries the same call: it gets the same webhook back, not a duplicate");
await call("create_webhook", args);

step("The agent makes a mistake: it invents an event type");
await call("create_webhook", { name: "Chat feed", events: ["chat.finished"], url: "https://my.app/chats" });

step("It reads the error, corrects itself and calls again");
await call("create_webhook", { name: "Chat feed", events: ["chat.created"], url: "https://my.app/chats" });

step("What exists now?");
await call("list_webhooks", {});
await call("get_webhook", { webhookId: id });

step('User: "the URL should be https://my.app/v2/hooks"');
await call("update_webhook", { webhookId: id, url: "https://my.app/v2/hooks" });

step('User: "remove that webhook"');
await call("delete_webhook", { webhookId: id });

step("Deleting it again says it no longer exists");
await call("delete_webhook", { webhookId: id });

await client.close();
console.log(`\n${paint("1", "Done.")} Nothing was sent to v0: the sandbox keeps webhooks in memory.`);
