// @ts-check
// The HTTP floor for `npm run bench`: the least an HTTP JSON server can do, in its own process. A
// bare `node:http` server (default settings, as the bin's `--http` adapter uses) that reads each
// request's body to the end and answers every POST with the same small JSON-RPC result, with no
// imports but node:http. The bench drives it with the same client and concurrency as the shipped
// bin's `--http` server, so the gap is the MCP server's own work per request (plus its v0 call).
// Logs `json-floor: serving at http://127.0.0.1:PORT/mcp` on stderr once it listens; exits on SIGTERM.
import { createServer } from "node:http";

const body = Buffer.from('{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"ok"}]}}');
const headers = { "content-type": "application/json", "content-length": String(body.length) };
const NOT_ALLOWED = Buffer.from('{"jsonrpc":"2.0","error":{"code":-32000,"message":"Method not allowed"},"id":null}');

const server = createServer((req, res) => {
  req.resume();
  req.once("end", () => {
    if (req.method === "POST") {
      res.writeHead(200, headers);
      res.end(body);
    } else {
      res.writeHead(405, { "content-type": "application/json", "content-length": String(NOT_ALLOWED.length) });
      res.end(NOT_ALLOWED);
    }
  });
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("json-floor: no TCP address");
  process.stderr.write(`json-floor: serving at http://127.0.0.1:${address.port}/mcp\n`);
});
process.on("SIGTERM", () => process.exit(0));
