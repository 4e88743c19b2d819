import { createServer } from "node:http";
import { Readable } from "node:stream";
import { createFetchHandler } from "v0-webhooks-mcp/fetch";

const handle = createFetchHandler(process.env);
// The same variables as `v0-webhooks-mcp --http`; createFetchHandler has checked them.
const host = process.env.MCP_HTTP_HOST || "127.0.0.1";
const port = Number(process.env.MCP_HTTP_PORT || 8787);

// node:http in front of the Web-standard handler: a Request in, its Response streamed back.
// A client that goes away does not cancel its call (as with `v0-webhooks-mcp --http`): no signal.
const server = createServer(async (req, res) => {
  try {
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const response = await handle(
      new Request(new URL(req.url ?? "/", "http://localhost"), {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([name, value]) =>
          value === undefined ? [] : [[name, Array.isArray(value) ? value.join(", ") : value]],
        ),
        body: hasBody ? Readable.toWeb(req) : undefined,
        duplex: "half",
      }),
    );
    res.writeHead(response.status, [...response.headers].flat());
    if (response.body) {
      for await (const chunk of response.body) {
        if (res.destroyed) break;
        if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve).once("close", resolve));
      }
    }
    res.end();
  } catch (error) {
    console.error(error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }
});

server.listen(port, host, () => {
  const shown = host.includes(":") ? `[${host}]` : host;
  console.log(`MCP server listening on http://${shown}:${server.address().port}/mcp`);
});
