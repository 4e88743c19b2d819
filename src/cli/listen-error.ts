/**
 * Why a server could not listen, for a person: the address (the host only when it is an IP
 * address or localhost: a host name given by mistake may be a pasted key) and the system's error
 * code with what it usually means, never the system's message (which repeats the host).
 */
export function describeListenError(error: unknown, host: string, port: number): string {
  const shownHost = /^(localhost|[0-9.]+|\[?[0-9a-f:.]+\]?)$/i.test(host)
    ? host
    : `a host name of ${host.length} characters`;
  const code = (error as { code?: unknown } | null)?.code;
  const why =
    code === "EADDRINUSE"
      ? "the port is already in use: stop the other process or choose another port"
      : code === "EACCES"
        ? "permission denied: ports below 1024 need privileges; choose a port above 1024"
        : code === "ENOTFOUND" || code === "EAI_AGAIN"
          ? "the host name does not resolve to an address of this machine"
          : code === "EADDRNOTAVAIL"
            ? "that address does not belong to this machine"
            : typeof code === "string"
              ? code
              : "unknown error";
  return `cannot listen on ${shownHost}:${port}: ${why}${typeof code === "string" && why !== code ? ` (${code})` : ""}`;
}
