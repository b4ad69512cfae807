/** `codex app-server`: JSON-RPC over stdio for IDE extensions and other front ends. */
export { type AppServerOptions, runAppServer } from "./server.ts";
