// @ts-check
// `deno run --allow-net=127.0.0.1 --allow-env <this>`: dist/fetch.js behind Deno.serve on a free
// loopback port, configured from the environment. Prints `listening on <port>` once it listens.
import { createFetchHandler } from "../../../dist/fetch.js";

/** @type {any} */
const Deno = Reflect.get(globalThis, "Deno");

const handle = createFetchHandler(Deno.env.toObject());
Deno.serve(
  {
    hostname: "127.0.0.1",
    port: 0,
    /** @param {{ port: number }} address */
    onListen: ({ port }) => console.log(`listening on ${port}`),
  },
  handle,
);
