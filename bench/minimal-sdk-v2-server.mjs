// @ts-check
// The engine's floor for `npm run bench`: the least MCP server one writes with the official SDK v2,
// served the way v0-webhooks-mcp is (the SDK's era-aware `serveStdio` over a factory of low-level
// `Server`s), with one trivial tool and a hand-written JSON Schema. The bench bundles it with
// esbuild (platform node, format esm, minify) into .bench/, like dist/index.js, so what it shows is
// the SDK's own cost to start and to serve: whatever v0-webhooks-mcp needs on top is ours.
import { Server } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";

const tool = {
  name: "echo",
  description: "Echoes its text back.",
  inputSchema: {
    type: /** @type {const} */ ("object"),
    properties: { text: { type: "string" } },
    required: ["text"],
  },
};

serveStdio(() => {
  const server = new Server({ name: "bench-minimal-sdk-v2", version: "0.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler("tools/list", () => ({ tools: [tool] }));
  server.setRequestHandler("tools/call", (request) => {
    const text = String(request.params.arguments?.text ?? "");
    return { content: [{ type: "text", text }], structuredContent: { text } };
  });
  return server;
});
process.stderr.write("bench-minimal-sdk-v2: ready on stdio\n");
