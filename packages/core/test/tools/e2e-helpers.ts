/** Shared setup of the tools' end-to-end tests: a mock model server and a CODEX_HOME pointing at it. */
import { afterEach } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  MockModelServer,
  makeGitRepo,
  makeTempCodexHome,
  writeMockProviderConfig,
} from "@codex/test-support";

export type E2eEnv = { codexHome: string; workspace: string; server: MockModelServer };

/** A running mock server, a CODEX_HOME whose config uses it, and a git workspace. */
async function startE2eEnv(): Promise<E2eEnv> {
  const server = await MockModelServer.start();
  const codexHome = makeTempCodexHome();
  const workspace = mkdtempSync(join(tmpdir(), "codex-tools-e2e-"));
  makeGitRepo(workspace);
  writeMockProviderConfig(codexHome, { baseUrl: server.baseUrl });
  return { codexHome, workspace, server };
}

/** What the model was sent back for a call (searching every recorded request). */
export function toolOutputs(server: MockModelServer): Map<string, string> {
  const outputs = new Map<string, string>();
  for (const request of server.requests) {
    const body = request.body as { input: Array<{ type: string; call_id?: string; output?: string }> };
    for (const item of body.input)
      if (item.type.endsWith("_output") && item.call_id && typeof item.output === "string")
        outputs.set(item.call_id, item.output);
  }
  return outputs;
}

/** Registers cleanup in the calling test file and returns a function that starts a fresh env. */
export function e2eSetup(): () => Promise<E2eEnv> {
  let current: E2eEnv | null = null;
  afterEach(async () => {
    await current?.server.close();
    current = null;
  });
  return async () => {
    current = await startE2eEnv();
    return current;
  };
}
