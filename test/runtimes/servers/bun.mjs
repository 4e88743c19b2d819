// @ts-check
// `bun <this>`: dist/fetch.js behind Bun.serve on a free loopback port, configured from the
// environment. Prints `listening on <port>` once it listens.
import { createFetchHandler } from "../../../dist/fetch.js";

/** @type {any} */
const Bun = Reflect.get(globalThis, "Bun");

const handle = createFetchHandler(Bun.env);
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handle });
console.log(`listening on ${server.port}`);
