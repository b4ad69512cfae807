/**
 * A background terminal is confined exactly like a one-shot command, on each Linux tier: a shell
 * on a PTY (driven across calls) and a piped command can write in the workspace, and cannot write
 * outside it, to `.git`, or to CODEX_HOME, whatever the model types or asks for as `workdir`.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  completed,
  functionCall,
  type RecordedRequest,
  responsesStream,
  textResponse,
} from "@codex/test-support";
import { toolOutputs } from "../tools/e2e-helpers.ts";
import { escapeSetup, execTurn, LINUX_TIERS } from "./escape-env.ts";

setDefaultTimeout(90_000);
const setup = escapeSetup();

function sessionIdIn(request: RecordedRequest, callId: string): number {
  const input = (request.body as { input: Array<{ call_id?: string; output?: unknown }> }).input;
  const output = String(input.find((item) => item.call_id === callId && "output" in item)?.output ?? "");
  const match = /Process running with session ID (\d+)/.exec(output);
  if (!match) throw new Error(`no session id in ${callId}: ${output}`);
  return Number(match[1]);
}

const DENIED = /Permission denied|Read-only file system/;

for (const tier of LINUX_TIERS) {
  describe(`${tier} tier: exec_command sessions through dist/codex exec`, () => {
    test("a shell on a terminal, driven across calls, writes in the workspace and nowhere else", async () => {
      const env = await setup(tier);
      const shell = { cmd: "bash --norc --noprofile -i", tty: true, login: false, yield_time_ms: 1000 };
      env.server.enqueue(
        responsesStream([...functionCall("exec_command", shell, "call_shell"), completed()]),
      );
      const typed = [
        "echo inside > src/made-in-pty.txt; echo rc-inside=$?",
        `echo x > ${env.outside}/escaped.txt; echo rc-outside=$?`,
        "echo x > .git/hooks/pre-commit; echo rc-git=$?",
        `echo x >> ${env.codexHome}/config.toml; echo rc-home=$?`,
        "exit",
      ].join("\n");
      env.server.enqueue((request) =>
        responsesStream([
          ...functionCall(
            "write_stdin",
            { session_id: sessionIdIn(request, "call_shell"), chars: `${typed}\n`, yield_time_ms: 250 },
            "call_type",
          ),
          completed(),
        ]),
      );
      env.server.enqueue((request) =>
        responsesStream([
          ...functionCall(
            "write_stdin",
            { session_id: sessionIdIn(request, "call_shell"), chars: "" },
            "call_poll",
          ),
          completed(),
        ]),
      );
      env.server.enqueue(responsesStream([textResponse("done"), completed()]));
      const result = await execTurn(env);
      expect(result.code).toBe(0);

      const outputs = toolOutputs(env.server);
      const all = ["call_shell", "call_type", "call_poll"].map((id) => outputs.get(id) ?? "").join("");
      expect(all).toContain("rc-inside=0");
      expect(all).toMatch(/rc-outside=1/);
      expect(all).toMatch(/rc-git=1/);
      expect(all).toMatch(/rc-home=1/);
      expect(all).toMatch(DENIED);
      expect(readFileSync(join(env.ws, "src", "made-in-pty.txt"), "utf8")).toBe("inside\n");
      expect(readdirSync(env.outside)).toEqual([]);
      expect(existsSync(join(env.ws, ".git", "hooks", "pre-commit"))).toBe(false);
      expect(readFileSync(join(env.codexHome, "config.toml"), "utf8")).not.toContain("\nx\n");
    });

    test("a piped session's workdir grants nothing outside the workspace", async () => {
      const env = await setup(tier);
      const outsideWrite = { cmd: "echo x > escaped.txt", workdir: env.outside, login: false };
      env.server.enqueue(
        responsesStream([...functionCall("exec_command", outsideWrite, "call_out"), completed()]),
      );
      env.server.enqueue(responsesStream([textResponse("done"), completed()]));
      const result = await execTurn(env);
      expect(result.code).toBe(0);
      expect(toolOutputs(env.server).get("call_out")).toMatch(DENIED);
      expect(readdirSync(env.outside)).toEqual([]);
    });
  });
}
