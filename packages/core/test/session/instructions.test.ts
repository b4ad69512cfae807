import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { completed, responsesStream, textResponse } from "@codex/test-support";
import { type Harness, harness, untilTurnEnd, userTurn } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

type Body = { input: Array<{ role?: string; content?: Array<{ text: string }> }>; instructions: string };

async function firstRequest(setup: () => void, options: { cwd?: string } = {}): Promise<Body> {
  h.server.enqueue(responsesStream([textResponse("ok"), completed()]));
  setup();
  const session = h.start();
  await session.submit({ ...userTurn("hi"), ...(options.cwd ? { cwd: options.cwd } : {}) });
  await untilTurnEnd(session);
  return h.server.requests[0]?.body as Body;
}

describe("instructions", () => {
  test("AGENTS.md from CODEX_HOME and the project are sent as <user_instructions> before the environment", async () => {
    h = await harness();
    const body = await firstRequest(() => {
      writeFileSync(join(h.codexHome, "AGENTS.md"), "global rules\n");
      writeFileSync(join(h.workspace, "AGENTS.md"), "project rules");
    });
    const first = body.input[0]?.content?.[0]?.text;
    expect(first).toBe(
      "<user_instructions>\n\nglobal rules\n\n--- project-doc ---\n\nproject rules\n\n</user_instructions>",
    );
    expect(body.input[1]?.content?.[0]?.text).toStartWith("<environment_context>");
  });

  test("AGENTS.override.md wins, docs are collected from the git root down to cwd, and capped", async () => {
    h = await harness({ extraToml: "project_doc_max_bytes = 20" });
    const sub = join(h.workspace, "pkg");
    mkdirSync(sub);
    const body = await firstRequest(
      () => {
        writeFileSync(join(h.workspace, "AGENTS.md"), "root doc");
        writeFileSync(join(h.workspace, "AGENTS.override.md"), "root override");
        writeFileSync(join(sub, "AGENTS.md"), "nested doc that is long");
      },
      { cwd: sub },
    );
    expect(body.input[0]?.content?.[0]?.text).toBe(
      "<user_instructions>\n\nroot override\n\nnested \n\n</user_instructions>",
    );
  });

  test("experimental_instructions_file replaces the base instructions", async () => {
    h = await harness();
    const file = join(h.codexHome, "instr.md");
    writeFileSync(file, "You are a test double.");
    writeFileSync(
      join(h.codexHome, "config.toml"),
      `experimental_instructions_file = ${JSON.stringify(file)}\n${await Bun.file(join(h.codexHome, "config.toml")).text()}`,
    );
    const body = await firstRequest(() => {});
    expect(body.instructions).toBe("You are a test double.");
  });
  test("a turn whose cwd or policy changed sends a fresh environment context; an unchanged one does not", async () => {
    h = await harness();
    for (let i = 0; i < 3; i++) h.server.enqueue(responsesStream([textResponse(`r${i}`), completed()]));
    const session = h.start();
    await session.submit(userTurn("one"));
    await untilTurnEnd(session);
    await session.submit(userTurn("two"));
    await untilTurnEnd(session);
    await session.submit({ type: "override_turn_context", sandbox_policy: { mode: "read-only" } });
    await session.submit(userTurn("three"));
    await untilTurnEnd(session);
    const envCount = (i: number) =>
      (h.server.requests[i]?.body as Body | undefined)?.input.filter((m) =>
        m.content?.[0]?.text.startsWith("<environment_context>"),
      ).length;
    expect([envCount(0), envCount(1), envCount(2)]).toEqual([1, 1, 2]);
    const last = (h.server.requests[2]?.body as Body | undefined)?.input.at(-2)?.content?.[0]?.text;
    expect(last).toContain("<sandbox_mode>read-only</sandbox_mode>");
  });
});
