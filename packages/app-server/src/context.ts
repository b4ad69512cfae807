/** What every request handler may use: the client's identity, the loaded threads, the peer. */
import type { LoadConfigOptions } from "@codex/core";
import type { ApprovalPeer } from "./approvals.ts";
import type { ThreadRegistry } from "./thread-registry.ts";

export type ClientInfo = { name: string; title: string | null; version: string };

/** A browser sign-in waiting for its callback: where its server listens, and when it ends. */
type PendingLogin = { port: number; done: Promise<void> };

export type ServerContext = {
  peer: ApprovalPeer;
  threads: ThreadRegistry;
  /** Set by `initialize`; its name is the `originator` of model requests and session files. */
  client: ClientInfo;
  codexHome: string;
  /** The command line's config flags (-c, -p, …), under each thread's own settings. */
  loadOptions: LoadConfigOptions;
  env: Record<string, string | undefined>;
  /** Browser sign-ins in progress, by loginId (account/login/cancel ends one). */
  logins: Map<string, PendingLogin>;
};
