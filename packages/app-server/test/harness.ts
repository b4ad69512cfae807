/** A mock model server, a temporary CODEX_HOME pointing at it, and app-server clients of the binary. */
import { mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type MockModelServer,
  makeTempCodexHome,
  startMockModelServer,
  writeMockProviderConfig,
} from "@codex/test-support";
import { AppServerClient } from "./client.ts";

export type Harness = {
  server: MockModelServer;
  codexHome: string;
  /** A fresh working directory for threads. */
  cwd: string;
  clients: AppServerClient[];
  spawn(env?: Record<string, string>): AppServerClient;
  close(): Promise<void>;
};

export async function harness(options: { extraToml?: string } = {}): Promise<Harness> {
  const server = await startMockModelServer();
  const codexHome = makeTempCodexHome();
  writeMockProviderConfig(codexHome, { baseUrl: server.baseUrl, extraToml: options.extraToml });
  const cwd = realpathSync(mkdtempSync(join(tmpdir(), "app-server-cwd-")));
  const clients: AppServerClient[] = [];
  return {
    server,
    codexHome,
    cwd,
    clients,
    spawn(env) {
      const client = AppServerClient.spawn({ codexHome, cwd, ...(env ? { env } : {}) });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.proc.kill("SIGKILL");
      await server.close();
    },
  };
}

export function textInput(text: string): Array<Record<string, unknown>> {
  return [{ type: "text", text, text_elements: [] }];
}
