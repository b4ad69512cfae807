/**
 * The user's rules (`*.rules`) through `dist/codex exec` with a scripted model: what runs, what
 * the model is told, where allowed commands run, and how a broken rules file stops start-up.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { completed, functionCall, responsesStream, runCodex, textResponse } from "@codex/test-support";
import { type ExecEnv, execEnv } from "./helpers.ts";

setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

function writeRules(dir: string, text: string, name = "team.rules"): void {
  mkdirSync(join(dir, "rules"), { recursive: true });
  writeFileSync(join(dir, "rules", name), text);
}

/** One response calling `shell` with each argv, then a final answer. */
function scriptShell(commands: string[][]): void {
  env.server.enqueue(
    responsesStream([
      ...commands.flatMap((command, i) => functionCall("shell", { command }, `c${i}`)),
      completed(),
    ]),
  );
  env.server.enqueue(responsesStream([textResponse("done"), completed()]));
}

/** What the model was told for each call, by call id. */
function outputs(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const request of env.server.requests)
    for (const item of (request.body as { input: Array<Record<string, unknown>> }).input)
      if (item.type === "function_call_output") out[item.call_id as string] = item.output as string;
  return out;
}

const RULES = `
prefix_rule(pattern=["git", "push"], decision="forbidden", justification="open a pull request instead")
prefix_rule(pattern=["rm", ["-rf", "-fr"]], decision="forbidden")
prefix_rule(pattern=["mkdir"], decision="prompt")
prefix_rule(pattern=["touch"], decision="allow")
`;

describe("rules in codex exec", () => {
  test("forbidden stops a command, also inside `a && b`, with the reason the model reads", async () => {
    env = await execEnv();
    writeRules(env.codexHome, RULES);
    scriptShell([
      ["bash", "-c", "touch started.txt && git push origin main"],
      ["rm", "-fr", "build"],
      ["mkdir", "out"],
    ]);
    const result = await env.exec(["-s", "workspace-write", "go"]);
    expect(result.code).toBe(0);
    expect(outputs()).toEqual({
      c0: "`bash -c 'touch started.txt && git push origin main'` rejected: open a pull request instead",
      c1: "`rm -fr build` rejected: policy forbids commands starting with `rm -fr`",
      c2: "approval required by policy, but AskForApproval is set to Never",
    });
    // Nothing of the refused script ran.
    expect(existsSync(join(env.workspace, "started.txt"))).toBe(false);
    expect(existsSync(join(env.workspace, "out"))).toBe(false);
  });

  test("an allow rule covering every part runs the command outside the sandbox", async () => {
    env = await execEnv();
    writeRules(env.codexHome, RULES);
    // Read-only sandbox: only a command outside it can create these files.
    scriptShell([
      ["touch", join(env.workspace, "allowed.txt")],
      ["bash", "-c", `touch ${join(env.workspace, "partly.txt")} && echo partly`],
    ]);
    const result = await env.exec(["-s", "read-only", "go"]);
    expect(result.code).toBe(0);
    expect(existsSync(join(env.workspace, "allowed.txt"))).toBe(true);
    // `echo` is not covered by a rule: the whole line stays in the sandbox, which refuses the write.
    expect(existsSync(join(env.workspace, "partly.txt"))).toBe(false);
  });

  test("rules apply even with --dangerously-bypass-approvals-and-sandbox", async () => {
    env = await execEnv();
    writeRules(env.codexHome, RULES);
    scriptShell([
      ["git", "push"],
      ["mkdir", "made"],
    ]);
    const result = await env.exec(["--dangerously-bypass-approvals-and-sandbox", "go"]);
    expect(result.code).toBe(0);
    expect(outputs()).toEqual({
      c0: "`git push` rejected: open a pull request instead",
      c1: "approval required by policy, but AskForApproval is set to Never",
    });
  });

  test("a broken rules file stops start-up naming file and line; --ignore-rules starts without rules", async () => {
    env = await execEnv();
    writeRules(
      env.codexHome,
      'prefix_rule(pattern=["ls"])\n\nprefix_rule(pattern=["git"], decision="maybe")\n',
    );
    const broken = await env.exec(["go"]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(
      `Error loading rules:\n${join(env.codexHome, "rules", "team.rules")}:3:39: invalid decision: maybe`,
    );
    expect(env.server.requests).toHaveLength(0);

    env.server.enqueue(responsesStream([textResponse("hi"), completed()]));
    const ignored = await env.exec(["--ignore-rules", "go"]);
    expect(ignored.code).toBe(0);
    expect(ignored.stdout).toBe("hi\n");
  });

  test("a trusted project's .codex/rules apply; an untrusted project's do not", async () => {
    env = await execEnv();
    writeRules(join(env.workspace, ".codex"), 'prefix_rule(pattern=["git", "push"], decision="forbidden")\n');
    scriptShell([["git", "push"]]);
    await env.exec(["--trust", "go"]);
    expect(outputs().c0).toBe("`git push` rejected: policy forbids commands starting with `git push`");
  });
});

describe("codex execpolicy check", () => {
  test("prints the matching rules as 0.169's JSON", async () => {
    env = await execEnv();
    writeRules(env.codexHome, RULES);
    const file = join(env.codexHome, "rules", "team.rules");
    const run = (args: string[]) => runCodex(["execpolicy", "check", "--rules", file, ...args]);
    const forbidden = await run(["git", "push", "origin"]);
    expect(forbidden.code).toBe(0);
    expect(forbidden.stdout).toBe(
      '{"matchedRules":[{"prefixRuleMatch":{"matchedPrefix":["git","push"],"decision":"forbidden","justification":"open a pull request instead"}}],"decision":"forbidden"}\n',
    );
    expect((await run(["echo", "hi"])).stdout).toBe('{"matchedRules":[]}\n');
    expect(JSON.parse((await run(["--resolve-host-executables", "/usr/bin/touch", "x"])).stdout)).toEqual({
      matchedRules: [
        {
          prefixRuleMatch: {
            matchedPrefix: ["touch"],
            decision: "allow",
            resolvedProgram: "/usr/bin/touch",
          },
        },
      ],
      decision: "allow",
    });
  });

  test("a rules file with a failing example is an error naming file:line:col", async () => {
    env = await execEnv();
    writeRules(env.codexHome, 'prefix_rule(pattern=["git", "push"], match=["git status"])\n');
    const file = join(env.codexHome, "rules", "team.rules");
    const result = await runCodex(["execpolicy", "check", "--rules", file, "git", "push"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Error: ${file}:1:1: match example \`git status\` does not match this rule; fix the rule or the example\n`,
    );
  });
});
