import type { RawResponse, Send } from "./send.js";

/**
 * One HTTP exchange over the Web-standard fetch, for runtimes without node:http (Workers, Vercel
 * Edge, Deno, Bun). Redirects are not followed, so the key is never replayed to another host; a 3xx
 * comes back as it is. The body is read up to `maxBodyBytes`.
 */
export const fetchSend: Send = async (url, init) => {
  const response = await fetch(url, {
    method: init.method,
    headers: init.headers,
    body: init.body ?? null,
    signal: init.signal,
    redirect: "manual",
  });
  return {
    status: response.status,
    statusText: response.statusText,
    header: (name) => response.headers.get(name),
    text: await readCapped(response, init.maxBodyBytes),
  } satisfies RawResponse;
};

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = maxBytes - bytes;
    bytes += value.byteLength;
    text += decoder.decode(value.subarray(0, Math.max(room, 0)), { stream: true });
    if (bytes >= maxBytes) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  return text + decoder.decode();
}
