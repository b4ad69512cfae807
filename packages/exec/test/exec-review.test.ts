/**
 * `codex exec review` and `codex review` through dist/codex: the reviewer runs as a read-only
 * sub-thread, its JSON verdict is rendered as Codex 0.169 renders it, and the parent session
 * keeps the findings for the next turn.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { completed, responsesStream, runCodex, textResponse } from "@codex/test-support";
import { type ExecEnv, execEnv, jsonLines, requestBody } from "./helpers.ts";

setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();
}

/** A repository with one commit, a change to a tracked file and an untracked file. */
async function reviewEnv(extraToml?: string): Promise<ExecEnv> {
  const e = await execEnv({ git: false, extraToml });
  git(e.workspace, "init", "-q", "-b", "main");
  writeFileSync(join(e.workspace, "calc.ts"), "export const add = (a, b) => a + b;\n");
  git(e.workspace, "add", ".");
  git(e.workspace, "commit", "-qm", "first");
  writeFileSync(join(e.workspace, "calc.ts"), "export const add = (a, b) => a - b;\n");
  writeFileSync(join(e.workspace, "notes.txt"), "new file\n");
  return e;
}

type Finding = { title: string; body: string; path: string; start: number; end: number; priority?: number };

function verdict(findings: Finding[], explanation: string): string {
  return JSON.stringify({
    findings: findings.map((f) => ({
      title: f.title,
      body: f.body,
      confidence_score: 0.8,
      ...(f.priority !== undefined ? { priority: f.priority } : {}),
      code_location: { absolute_file_path: f.path, line_range: { start: f.start, end: f.end } },
    })),
    overall_correctness: findings.length > 0 ? "patch is incorrect" : "patch is correct",
    overall_explanation: explanation,
    overall_confidence_score: 0.7,
  });
}

function answer(text: string) {
  return responsesStream([textResponse(text), completed()]);
}

function rolloutFiles(codexHome: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".jsonl")) out.push(path);
    }
  };
  walk(join(codexHome, "sessions"));
  return out;
}

function metaOf(path: string): Record<string, unknown> {
  const first = readFileSync(path, "utf8").split("\n")[0] ?? "{}";
  return JSON.parse(first).payload;
}

describe("codex exec review", () => {
  test("--uncommitted: read-only sub-thread, findings rendered with path:start-end", async () => {
    env = await reviewEnv();
    const file = join(env.workspace, "calc.ts");
    env.server.enqueue(
      answer(
        verdict(
          [
            {
              title: "[P1] Subtracts instead of adding",
              body: "`add` now returns a - b.",
              path: file,
              start: 1,
              end: 1,
              priority: 1,
            },
            {
              title: "[P3] Stray notes file",
              body: "Untracked file.\nNot referenced anywhere.",
              path: join(env.workspace, "notes.txt"),
              start: 1,
              end: 2,
              priority: 3,
            },
          ],
          "The change breaks addition.",
        ),
      ),
    );
    const result = await env.exec(["review", "--uncommitted"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "The change breaks addition.",
        "",
        "Full review comments:",
        "",
        `- [P1] Subtracts instead of adding — ${file}:1-1`,
        "  `add` now returns a - b.",
        "",
        `- [P3] Stray notes file — ${join(env.workspace, "notes.txt")}:1-2`,
        "  Untracked file.",
        "  Not referenced anywhere.",
        "",
      ].join("\n"),
    );
    expect(result.stderr).toContain("user\ncurrent changes\n");

    const request = env.server.requests[0];
    expect(request?.headers["x-openai-subagent"]).toBe("review");
    const body = requestBody(env, 0);
    const input = body.input.map((item) => JSON.stringify(item));
    // The guidelines come first, as a developer message carrying the output contract.
    expect(body.input[0]?.role).toBe("developer");
    for (const field of [
      "findings",
      "confidence_score",
      "priority",
      "absolute_file_path",
      "line_range",
      "overall_correctness",
      "overall_explanation",
      "overall_confidence_score",
    ])
      expect(input[0]).toContain(field);
    expect(input.join("\n")).toContain("<sandbox_mode>read-only</sandbox_mode>");
    expect(input.at(-1)).toMatch(/staged, unstaged and untracked/);
    const tools = (body.tools as Array<{ name?: string; type: string }>).map((t) => t.name ?? t.type);
    // As 0.169 offers them for this model: commands to read with, nothing that edits or plans.
    expect(tools).toContain("exec_command");
    expect(tools).not.toContain("apply_patch");
    expect(tools).not.toContain("update_plan");

    // Two rollouts: the session, and the reviewer's sub-thread that names it as parent.
    const metas = rolloutFiles(env.codexHome).map(metaOf);
    expect(metas).toHaveLength(2);
    const child = metas.find((m) => typeof m.source === "object");
    const parent = metas.find((m) => m.source === "exec");
    expect(child?.source).toEqual({ subagent: "review" });
    expect(child?.parent_thread_id).toBe(parent?.id);
    expect(request?.headers["x-codex-parent-thread-id"]).toBe(parent?.id as string);
  });

  test("--json: the rendered review is the final agent_message; one finding is 'Review comment:'", async () => {
    env = await reviewEnv();
    const file = join(env.workspace, "calc.ts");
    env.server.enqueue(answer(verdict([{ title: "Fix sign", body: "b", path: file, start: 1, end: 1 }], "")));
    const result = await env.exec(["review", "--json", "--uncommitted"]);
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    const messages = lines.filter((l) => (l.item as { type?: string } | undefined)?.type === "agent_message");
    expect(messages).toHaveLength(1);
    expect(messages[0]?.item).toMatchObject({ text: `Review comment:\n\n- Fix sign — ${file}:1-1\n  b` });
    expect(lines.at(-1)?.type).toBe("turn.completed");
  });

  test("no findings and no explanation: the fallback sentence; prose: the prose", async () => {
    env = await reviewEnv();
    env.server.enqueue(answer(verdict([], "  ")));
    const empty = await env.exec(["review", "--uncommitted"]);
    expect(empty.stdout).toBe("Reviewer failed to output a response.\n");
    env.server.enqueue(answer("Looks fine to me."));
    const prose = await env.exec(["review", "--uncommitted"]);
    expect(prose.stdout).toBe("Looks fine to me.\n");
  });

  test("--base: the merge base SHA and how to diff against it", async () => {
    env = await reviewEnv();
    const base = git(env.workspace, "rev-parse", "HEAD");
    git(env.workspace, "checkout", "-qb", "feature");
    git(env.workspace, "commit", "-qam", "second");
    env.server.enqueue(answer(verdict([], "Fine.")));
    const result = await env.exec(["review", "--base", "main"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("user\nchanges against 'main'\n");
    const last = JSON.stringify(requestBody(env, 0).input.at(-1));
    expect(last).toContain(base);
    expect(last).toContain(`git diff ${base}`);
  });

  test("--commit with --title, a custom prompt from stdin, and review_model", async () => {
    env = await reviewEnv('review_model = "gpt-review"');
    const sha = git(env.workspace, "rev-parse", "HEAD");
    env.server.enqueue(answer(verdict([], "Fine.")));
    const commit = await env.exec(["review", "--commit", sha, "--title", "First commit"]);
    expect(commit.code).toBe(0);
    expect(commit.stderr).toContain(`user\ncommit ${sha.slice(0, 7)}: First commit\n`);
    expect(JSON.stringify(requestBody(env, 0).input.at(-1))).toContain(sha);
    expect(requestBody(env, 0).model).toBe("gpt-review");

    env.server.enqueue(answer(verdict([], "Fine.")));
    const custom = await env.exec(["review", "-"], { stdin: "Focus on the error handling." });
    expect(custom.code).toBe(0);
    const last = requestBody(env, 1).input.at(-1) as { content: Array<{ text: string }> };
    expect(last.content[0]?.text).toBe("Focus on the error handling.");
  });

  test("usage errors: no target (exit 1), a target with a prompt or --title alone (exit 2)", async () => {
    env = await reviewEnv();
    const none = await env.exec(["review"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      "Specify --uncommitted, --base, --commit, or provide custom review instructions",
    );
    const both = await env.exec(["review", "--uncommitted", "look here"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("'--uncommitted' cannot be used with '[PROMPT]'");
    const mixed = await env.exec(["review", "--uncommitted", "--base", "main"]);
    expect(mixed.code).toBe(2);
    const title = await env.exec(["review", "--title", "x"]);
    expect(title.code).toBe(2);
    expect(env.server.requests).toHaveLength(0);
  });

  test("the parent session keeps the findings: a resumed turn can say 'fix those'", async () => {
    env = await reviewEnv();
    const file = join(env.workspace, "calc.ts");
    env.server.enqueue(
      answer(
        verdict(
          [{ title: "[P1] Fix sign", body: "a - b", path: file, start: 1, end: 1, priority: 1 }],
          "Broken.",
        ),
      ),
    );
    const review = await env.exec(["review", "--json", "--uncommitted"]);
    const threadId = jsonLines(review.stdout)[0]?.thread_id as string;
    env.server.enqueue(answer("Fixed."));
    const resumed = await env.exec(["resume", threadId, "fix those"]);
    expect(resumed.code).toBe(0);
    const input = JSON.stringify(requestBody(env, 1).input);
    expect(input).toContain(`[P1] Fix sign — ${file}:1-1`);
    expect(input).toContain("fix those");
    // The reviewer's own conversation (guidelines) stays in its sub-thread.
    expect(input).not.toContain("How to review this change");
  });
});

describe("codex review", () => {
  test("runs the same review non-interactively", async () => {
    env = await reviewEnv();
    env.server.enqueue(answer(verdict([], "All good.")));
    const result = await runCodex(["review", "--uncommitted"], {
      codexHome: env.codexHome,
      cwd: env.workspace,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("All good.\n");
    expect(env.server.requests[0]?.headers["x-openai-subagent"]).toBe("review");
  });
});
