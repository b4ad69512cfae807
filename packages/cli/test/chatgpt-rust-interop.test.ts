/**
 * auth.json shared both ways with Rust Codex 0.169, checked against the real binary when one is
 * given: `CODEX_REFERENCE_169=/path/to/codex npx bun test packages/cli/test/chatgpt-rust-interop.test.ts`
 * (skipped otherwise; the other direction, a Rust-written file used by ours, is a fixture test in
 * packages/exec/test/chatgpt-auth.test.ts that always runs).
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CODEX_RESPONSES_PATH,
  completed,
  type MockChatGpt,
  makeTempCodexHome,
  responsesStream,
  runCodex,
  spawnCodex,
  startMockChatGpt,
  textResponse,
} from "@codex/test-support";

setDefaultTimeout(60_000);

const REFERENCE = process.env.CODEX_REFERENCE_169 ?? "";

let chatgpt: MockChatGpt;
afterEach(async () => {
  await chatgpt?.close();
});

/** Runs the reference binary (asynchronously: the mock it talks to lives in this process). */
async function reference(args: string[], home: string): Promise<{ code: number; stderr: string }> {
  const child = Bun.spawn([REFERENCE, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: home, CODEX_HOME: home, ...chatgpt.env() },
    stdin: "ignore",
    stdout: "ignore",
    stderr: "pipe",
  });
  const stderr = await new Response(child.stderr).text();
  return { code: await child.exited, stderr };
}

/** Approves the device code printed on `lines` (ours or Rust's, whose prompt has colours). */
async function approveDeviceCode(lines: AsyncIterable<string>): Promise<void> {
  let previous = "";
  for await (const line of lines) {
    if (previous.includes("Enter this one-time code")) {
      chatgpt.issuer.approveDevice(line.replace(/\x1b\[[0-9;]*m/g, "").trim());
      return;
    }
    previous = line;
  }
  throw new Error("no device code was printed");
}

async function* linesOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of stream) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    yield* lines;
  }
}

function approveFromOutput(stream: ReadableStream<Uint8Array>): Promise<void> {
  const lines = linesOf(stream);
  return approveDeviceCode(lines).then(async () => {
    for await (const _ of lines); // drain the rest so the process never blocks on a full pipe
  });
}

describe.skipIf(!existsSync(REFERENCE))("auth.json with Rust Codex 0.169", () => {
  test("ours' sign-in is read by 0.169: status, and logout revokes our refresh token", async () => {
    chatgpt = await startMockChatGpt();
    const home = makeTempCodexHome();
    const child = spawnCodex(["login", "--device-auth", "--experimental_issuer", chatgpt.issuerUrl], {
      codexHome: home,
    });
    child.closeStdin();
    await approveDeviceCode(child.lines());
    expect((await child.wait()).code).toBe(0);
    const ours = JSON.parse(readFileSync(join(home, "auth.json"), "utf8"));

    const status = await reference(["login", "status"], home);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain("Logged in using ChatGPT");
    const logout = await reference(["logout"], home);
    expect(logout.code).toBe(0);
    expect(chatgpt.requestsTo("/oauth/revoke")[0]?.body).toMatchObject({ token: ours.tokens.refresh_token });
    expect(existsSync(join(home, "auth.json"))).toBe(false);
  });

  test("0.169's device sign-in is used by ours for a turn", async () => {
    chatgpt = await startMockChatGpt();
    const home = makeTempCodexHome();
    const rust = Bun.spawn(
      [REFERENCE, "login", "--device-auth", "--experimental_issuer", chatgpt.issuerUrl],
      {
        env: { PATH: process.env.PATH ?? "", HOME: home, CODEX_HOME: home },
        stdin: "ignore",
        stdout: "pipe",
        stderr: "pipe",
      },
    );
    await approveFromOutput(rust.stdout);
    expect(await rust.exited).toBe(0);
    const written = JSON.parse(readFileSync(join(home, "auth.json"), "utf8"));

    writeFileSync(join(home, "config.toml"), chatgpt.configToml());
    chatgpt.enqueueModelResponse(responsesStream([textResponse("from a Rust sign-in"), completed()]));
    const result = await runCodex(["exec", "--skip-git-repo-check", "hi"], {
      codexHome: home,
      env: chatgpt.env(),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("from a Rust sign-in\n");
    expect(chatgpt.requestsTo(CODEX_RESPONSES_PATH)[0]?.headers.authorization).toBe(
      `Bearer ${written.tokens.access_token}`,
    );
  });
});
