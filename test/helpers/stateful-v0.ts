import { MemoryHooksApi } from "../../src/sandbox/memory-hooks-api.js";
import { V0HttpError } from "../../src/v0/errors.js";
import type { CreateHookBody } from "../../src/v0/types.js";
import type { Responder } from "./fake-v0.js";

/**
 * A stateful fake of the v0 hooks resource over HTTP, backed by the sandbox's in-memory API.
 * It insists on the bearer key, like v0.
 */
export function statefulHooks(key: string, api = new MemoryHooksApi()): Responder {
  return async (request, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${key}`) return send(401, { message: "Invalid API key" });
    const match = /^\/v2\/hooks(?:\/([^/?#]+))?$/.exec(request.url);
    if (!match) return send(404, { message: "Not found" });
    const id = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
    // The server under test validated the body; the fake trusts it.
    const body = (request.body ? JSON.parse(request.body) : {}) as CreateHookBody;
    try {
      if (id === undefined && request.method === "GET") return send(200, await api.listHooks());
      if (id === undefined && request.method === "POST") return send(200, await api.createHook(body));
      if (id !== undefined && request.method === "GET") return send(200, await api.getHook(id));
      if (id !== undefined && request.method === "PATCH") return send(200, await api.updateHook(id, body));
      if (id !== undefined && request.method === "DELETE") return send(200, await api.deleteHook(id));
      return send(405, { message: "Method not allowed" });
    } catch (error) {
      if (error instanceof V0HttpError) return send(error.status, { message: error.upstreamMessage });
      throw error;
    }
  };
}
