/** How the server is reached, from the configuration. */
export type TransportConfig = { kind: "stdio" } | HttpConfig;

export interface HttpConfig {
  kind: "http";
  host: string;
  port: number;
  /** Clients must send `Authorization: Bearer <token>`. */
  token: string;
  /** Origins allowed to call (browsers send Origin); requests with any other Origin get 403. */
  allowedOrigins: readonly string[];
}
