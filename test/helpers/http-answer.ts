/**
 * The JSON-RPC message in an MCP HTTP response, whether it came as a JSON body or as the last
 * `data:` of an SSE stream (the SDK answers 2025-era requests over SSE, 2026-07-28 ones as JSON).
 */
export async function rpcAnswer(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (!(response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    return JSON.parse(text) as Record<string, unknown>;
  }
  const data = text
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice("data:".length).trim());
  const last = data.at(-1);
  if (last === undefined) throw new Error(`an SSE answer without data: ${text.slice(0, 200)}`);
  return JSON.parse(last) as Record<string, unknown>;
}
