import type { Send } from "../v0/send.js";

/** node:http(s) with keep-alive agents, loaded when the v0 client makes its first request. */
export const loadNodeSend = (): Promise<Send> => import("../v0/http-send.js").then((module) => module.nodeSend);
