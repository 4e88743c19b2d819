/** How the server is reached, from the configuration. */
export type TransportConfig = { kind: "stdio" } | HttpConfig;

export interface HttpConfig {
  kind: "http";
  host: string;
  port: number;
  /**
   * How callers authenticate (MCP_HTTP_AUTH): `token`, every client sends the server's own
   * MCP_HTTP_TOKEN and v0 is called with the server's V0_API_KEY; `v0-key`, each request's bearer is
   * the caller's own v0 API key, used for that request's v0 calls only.
   */
  auth: { kind: "token"; token: string } | { kind: "v0-key" };
  /** Origins allowed to call (browsers send Origin); requests with any other Origin get 403. */
  allowedOrigins: readonly string[];
}
