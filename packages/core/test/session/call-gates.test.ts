/**
 * The seam other command tools use (exec_command): a handler that says which command line it
 * would run (`commandForRules`) is judged by the user's rules and shown to hooks as Bash, with no
 * code of its own for either.
 */
import { afterEach, expect, setDefaultTimeout, test } from "bun:test";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ToolHandler } from "@codex/core";
import { completed, functionCall, responsesStream, textResponse } from "@codex/test-support";
import { type Harness, harness, untilTurnEnd, userTurn } from "./helpers.ts";

setDefaultTimeout(30_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** A stand-in for exec_command: `{cmd}` run as `bash -lc cmd` (it records instead of running). */
function scriptTool(runs: string[]): ToolHandler {
  const cmdOf = (args: string) => (JSON.parse(args) as { cmd: string }).cmd;
  return {
    spec: {
      type: "function",
      name: "run_script",
      description: "Runs.",
      strict: false,
      parameters: { type: "object", properties: {} },
    },
    commandForRules: (call, ctx) =>
      call.payload.kind === "function"
        ? { command: ["bash", "-lc", cmdOf(call.payload.arguments)], cwd: ctx.cwd }
        : null,
    async run(call, ctx) {
      if (call.payload.kind === "function") runs.push(`${cmdOf(call.payload.arguments)}:${ctx.sandbox.type}`);
      return { output: "ran", success: true };
    },
  };
}

function outputsOf(h: Harness): Record<string, string> {
  const out: Record<string, string> = {};
  for (const request of h.server.requests)
    for (const item of (request.body as { input: Array<Record<string, unknown>> }).input)
      if (item.type === "function_call_output") out[item.call_id as string] = item.output as string;
  return out;
}

test("rules judge each command of its script; hooks see it as Bash", async () => {
  h = await harness();
  mkdirSync(join(h.codexHome, "rules"));
  writeFileSync(
    join(h.codexHome, "rules", "team.rules"),
    'prefix_rule(pattern=["git", "push"], decision="forbidden")\nprefix_rule(pattern=["make"])\n',
  );
  const log = join(h.codexHome, "pre.jsonl");
  const hook = join(h.codexHome, "pre.sh");
  writeFileSync(hook, `#!/bin/sh\ncat >> ${log}\necho >> ${log}\n`);
  chmodSync(hook, 0o755);
  writeFileSync(
    join(h.codexHome, "hooks.json"),
    JSON.stringify({
      hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: hook }] }] },
    }),
  );
  h.server.enqueue(
    responsesStream([
      ...functionCall("run_script", { cmd: "make && git push" }, "c1"),
      ...functionCall("run_script", { cmd: "make test" }, "c2"),
      completed(),
    ]),
  );
  h.server.enqueue(responsesStream([textResponse("done"), completed()]));
  const runs: string[] = [];
  const session = h.start({
    flags: { approval_policy: "never", sandbox_mode: "workspace-write" },
    session: { builtinTools: [scriptTool(runs)], bypassHookTrust: true },
  });
  await session.submit(userTurn("go"));
  await untilTurnEnd(session);
  expect(outputsOf(h).c1).toBe(
    "`bash -lc 'make && git push'` rejected: policy forbids commands starting with `git push`",
  );
  // Allowed by a rule for every command: it runs outside the sandbox.
  expect(runs).toEqual(["make test:none"]);
  const seen = readFileSync(log, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  expect(seen.map((e) => [e.tool_name, e.tool_input])).toEqual([
    ["Bash", { command: "make && git push" }],
    ["Bash", { command: "make test" }],
  ]);
});
