import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  createRequestStateCodec,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
  type RequestStateCodec,
  type Server,
  type ServerContext,
} from "@modelcontextprotocol/server";

/**
 * Asking the person at the client, through MCP elicitation, one way for both protocol eras: a
 * handler returns `input_required` with its questions, and is entered again with the answers.
 * On 2026-07-28 the client answers and retries the request itself (no session needed, so this
 * works over stateless HTTP too); on a 2025 connection the SDK's legacy shim sends a real
 * `elicitation/create` and re-enters the handler in-process.
 *
 * The answers bind to the call that asked: the questions travel with a request state, sealed
 * with the SDK's HMAC codec, that names a digest of the call (tool and validated arguments) and
 * the caller. Answers that come without it, with another call's, or with a forged one count as
 * no answer (a forged or expired one is refused by the SDK before the handler runs).
 */

/** What a person said to one question. Anything but "accept" means no. */
export type Answer = "accept" | "decline" | "cancel";

export interface Question {
  /** The question's key in `inputRequests`, stable for a given call. */
  key: string;
  /** The question as the person reads it: what will happen, to what, and that it is their call. */
  message: string;
}

/** The person at the client, for one request, when the client can ask them. */
export interface Person {
  /**
   * This round's answers to the questions asked for `call` (a digest of the call), or undefined
   * when the round carries none for this call: then the questions must be asked.
   */
  answers(call: string, keys: readonly string[]): ReadonlyMap<string, Answer> | undefined;
  /** The result that asks the questions; the client retries the call with the answers. */
  ask(call: string, questions: readonly Question[]): Promise<InputRequiredResult>;
}

/** What the sealed request state holds: which call asked, and what. No secrets: the client can read it. */
interface AskState {
  call: string;
  keys: string[];
}

/** Nothing to fill in: accepting is the yes, declining or cancelling the no. */
const YES_OR_NO = { type: "object", properties: {} } as const;

let codec: RequestStateCodec<AskState> | undefined;

/**
 * One codec per process, its key made on first use (random values may not be made at a Worker's
 * global scope). Every round of a flow reaches this process over stdio and the bin's HTTP; a
 * serverless deployment spread over several instances would need one shared key instead.
 * The state binds to the method and the caller's credentials (kept as an HMAC tag, never raw).
 */
function stateCodec(): RequestStateCodec<AskState> {
  codec ??= createRequestStateCodec<AskState>({
    key: crypto.getRandomValues(new Uint8Array(32)),
    ttlSeconds: 600,
    bind: (ctx) => `${ctx.mcpReq.method}\0${ctx.http?.authInfo?.token ?? ""}`,
  });
  return codec;
}

/** `ServerOptions.requestState.verify`: refuses state this process did not seal for this caller. */
export function verifyAskState(state: string, ctx: ServerContext): Promise<AskState> {
  return stateCodec().verify(state, ctx);
}

/**
 * The client's capabilities for this request: a 2026-07-28 request carries its own in `_meta`;
 * a 2025 session declared them in `initialize`.
 */
export function clientCapabilities(server: Server, ctx: ServerContext): ClientCapabilities | undefined {
  // The SDK types the envelope as {}: its keys are read by name.
  const envelope = ctx.mcpReq.envelope as Readonly<Record<string, unknown>> | undefined;
  const own = envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  return own ?? server.getClientCapabilities();
}

/**
 * Whether the client can put a form question to its person: it declares `elicitation`, with form
 * mode (an empty object means form mode, as in 2025-06-18), not only URL mode.
 */
export function canAsk(capabilities: ClientCapabilities | undefined): boolean {
  const elicitation = capabilities?.elicitation;
  if (elicitation === undefined || elicitation === null) return false;
  return "form" in elicitation || !("url" in elicitation);
}

/** The person behind this request, or undefined when its client cannot ask them. */
export function personFor(server: Server, ctx: ServerContext): Person | undefined {
  if (!canAsk(clientCapabilities(server, ctx))) return undefined;
  return {
    answers(call, keys) {
      const state = ctx.mcpReq.requestState<AskState>();
      if (state === undefined || typeof state !== "object" || state.call !== call) return undefined;
      if (!keys.every((key) => state.keys.includes(key))) return undefined;
      const answers = new Map<string, Answer>();
      for (const key of keys) {
        const response = inputResponse(ctx.mcpReq.inputResponses, key);
        if (response.kind !== "elicit") return undefined;
        answers.set(key, response.action);
      }
      return answers;
    },
    async ask(call, questions) {
      const requestState = await stateCodec().mint({ call, keys: questions.map((q) => q.key) }, ctx);
      return inputRequired({
        inputRequests: Object.fromEntries(
          questions.map((q) => [q.key, inputRequired.elicit({ message: q.message, requestedSchema: YES_OR_NO })]),
        ),
        requestState,
      });
    },
  };
}

/** A digest of one call (the tool and its validated arguments), which its answers bind to. */
export async function callDigest(tool: string, input: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify([tool, input]));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
