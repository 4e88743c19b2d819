/** Bodies of /register, /token, /revoke and the consent form: none needs more. */
export const MAX_FORM_BYTES = 16 * 1024;

/** The body as text, or undefined when it is larger than `limit` bytes (read no further than that). */
export async function readCapped(request: Request | Response, limit: number): Promise<string | undefined> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await request.body?.cancel();
    return undefined;
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

export type FormRead = { ok: true; form: URLSearchParams } | { ok: false; status: 413 | 415; description: string };

/** An `application/x-www-form-urlencoded` body of at most MAX_FORM_BYTES. */
export async function readForm(request: Request): Promise<FormRead> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    await request.body?.cancel();
    return { ok: false, status: 415, description: "the body must be application/x-www-form-urlencoded" };
  }
  const text = await readCapped(request, MAX_FORM_BYTES);
  if (text === undefined) return { ok: false, status: 413, description: `the body is over ${MAX_FORM_BYTES} bytes` };
  return { ok: true, form: new URLSearchParams(text) };
}

/** One form field, present at most once (RFC 6749 §3.1: parameters must not repeat). */
export function single(form: URLSearchParams, name: string): string | undefined | "repeated" {
  const values = form.getAll(name);
  if (values.length > 1) return "repeated";
  return values[0] === "" ? undefined : values[0];
}

/** Headers every OAuth JSON answer carries (RFC 6749 §5.1): never cached. */
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

/**
 * JSON from an endpoint a browser-based client may call (/register, /token, /revoke): readable
 * from any origin, since these endpoints take no cookies and public clients prove themselves with
 * PKCE, not with where they run.
 */
export function jsonAnswer(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, "access-control-allow-origin": "*" } });
}

/** An OAuth error answer (RFC 6749 §5.2, RFC 7591 §3.2.2). */
export function oauthError(error: string, description: string, status = 400): Response {
  return jsonAnswer({ error, error_description: description }, status);
}

/** The CORS preflight for those endpoints. */
export function preflight(methods: string): Response {
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": "*",
      "access-control-allow-methods": methods,
      "access-control-allow-headers": "Content-Type, Authorization, MCP-Protocol-Version",
      "access-control-max-age": "600",
    },
  });
}

export function methodNotAllowed(allow: string): Response {
  return new Response(JSON.stringify({ error: "invalid_request", error_description: `use ${allow}` }), {
    status: 405,
    headers: { allow, "content-type": "application/json", ...NO_STORE },
  });
}

/** The value of cookie `name` in the request, or undefined. */
export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** Compares two strings without stopping at the first difference. */
export function sameString(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let difference = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) difference |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return difference === 0;
}
