/**
 * Process handling through the built `dist/codex exec`: a command that runs forever is stopped at
 * its timeout with nothing left running, an interrupt (SIGINT) stops a running command's whole
 * process group, 10 MB of output stays bounded, and secrets do not reach commands.
 */
import { describe, expect, test } from "bun:test";
import {
  completed,
  functionCall,
  responsesStream,
  runCodex,
  spawnCodex,
  textResponse,
  waitUntil,
} from "@codex/test-support";
import { e2eSetup, toolOutputs } from "./e2e-helpers.ts";

const setup = e2eSetup();

function pgrep(pattern: string): string {
  return Bun.spawnSync(["pgrep", "-f", pattern]).stdout.toString().trim();
}

const unique = () => `${Math.floor(Math.random() * 9000) + 1000}.${Date.now() % 1000}`;

describe("commands through dist/codex exec", () => {
  test("timeout: exit 124 with the notice, no process left running", async () => {
    const env = await setup();
    const marker = `sleep 31${unique()}`;
    env.server.enqueue(
      responsesStream([
        ...functionCall(
          "shell",
          { command: ["bash", "-c", `${marker} & ${marker}`], timeout_ms: 500 },
          "call_t",
        ),
        completed(),
      ]),
    );
    env.server.enqueue(responsesStream([textResponse("stopped"), completed()]));
    const result = await runCodex(["exec", "--json", "-s", "danger-full-access", "hang"], {
      codexHome: env.codexHome,
      cwd: env.workspace,
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(0);
    expect(toolOutputs(env.server).get("call_t")).toMatch(
      /^Exit code: 124\nWall time: [\d.]+ seconds\nOutput:\ncommand timed out after 500 milliseconds\n/,
    );
    await waitUntil(() => pgrep(marker) === "", { what: `no ${marker} left running` });
  }, 60_000);

  test("interrupt (SIGINT) while a command runs: its whole group is killed", async () => {
    const env = await setup();
    const marker = `sleep 32${unique()}`;
    env.server.enqueue(
      responsesStream([
        ...functionCall(
          "shell",
          { command: ["bash", "-c", `(${marker} &); ${marker}`], timeout_ms: 60_000 },
          "call_i",
        ),
        completed(),
      ]),
    );
    env.server.enqueue(responsesStream([textResponse("never reached"), completed()]));
    const child = spawnCodex(["exec", "--json", "-s", "danger-full-access", "hang"], {
      codexHome: env.codexHome,
      cwd: env.workspace,
      timeoutMs: 30_000,
    });
    child.closeStdin();
    for await (const line of child.lines()) {
      if (line.includes('"command_execution"') && line.includes("item.started")) break;
    }
    await waitUntil(() => pgrep(marker) !== "", { what: `${marker} to start` });
    child.kill("SIGINT");
    await child.wait();
    await waitUntil(() => pgrep(marker) === "", { what: `no ${marker} left running` });
  }, 60_000);

  test("10 MB of output: truncated for the model, bounded item", async () => {
    const env = await setup();
    env.server.enqueue(
      responsesStream([
        ...functionCall(
          "shell",
          { command: ["bash", "-c", "yes 'some output line' | head -c 10000000"] },
          "call_big",
        ),
        completed(),
      ]),
    );
    env.server.enqueue(responsesStream([textResponse("done"), completed()]));
    const result = await runCodex(["exec", "--json", "-s", "danger-full-access", "print a lot"], {
      codexHome: env.codexHome,
      cwd: env.workspace,
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(0);
    const output = toolOutputs(env.server).get("call_big") ?? "";
    expect(output).toContain("Total output lines: 588236\n");
    expect(output).toContain("[... omitted 587980 of 588236 lines ...]");
    expect(output.length).toBeLessThan(11 * 1024);
    expect(result.stdout.length).toBeLessThan(512 * 1024);
  }, 60_000);

  test("OPENAI_API_KEY and GITHUB_TOKEN do not reach commands by default", async () => {
    const env = await setup();
    env.server.enqueue(
      responsesStream([...functionCall("shell", { command: ["env"] }, "call_env"), completed()]),
    );
    env.server.enqueue(responsesStream([textResponse("ok"), completed()]));
    const result = await runCodex(["exec", "--json", "-s", "danger-full-access", "show env"], {
      codexHome: env.codexHome,
      cwd: env.workspace,
      env: { OPENAI_API_KEY: "sk-should-not-leak", GITHUB_TOKEN: "ghp_should_not_leak", VISIBLE_VAR: "yes" },
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(0);
    const output = toolOutputs(env.server).get("call_env") ?? "";
    expect(output).toContain("VISIBLE_VAR=yes");
    expect(output).not.toContain("should-not-leak");
    expect(output).not.toContain("should_not_leak");
  }, 60_000);
});
