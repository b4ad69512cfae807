import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { completed, responsesStream, textResponse } from "@codex/test-support";
import { type Harness, harness, untilTurnEnd, userTurn } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

type Tool = { type: string; name?: string };

async function offered(
  options: { extraToml?: string; flags?: Record<string, unknown> } = {},
): Promise<string[]> {
  h = await harness({ extraToml: options.extraToml });
  h.server.enqueue(responsesStream([textResponse("ok"), completed()]));
  const session = h.start({ flags: options.flags });
  await session.submit(userTurn("hi"));
  await untilTurnEnd(session);
  const tools = (h.server.requests[0]?.body as { tools?: Tool[] } | undefined)?.tools ?? [];
  return tools.map((t) => (t.name ? `${t.type}:${t.name}` : t.type));
}

describe("the tools offered to the model", () => {
  test("by default: shell, the freeform apply_patch for gpt-5-codex, view_image, cached web_search", async () => {
    expect(await offered()).toEqual([
      "function:shell",
      "custom:apply_patch",
      "function:view_image",
      "web_search",
    ]);
  });

  test("update_plan with the plan tool, web_search when enabled", async () => {
    expect(await offered({ flags: { include_plan_tool: true, web_search: true } })).toEqual([
      "function:shell",
      "custom:apply_patch",
      "function:update_plan",
      "function:view_image",
      "web_search",
    ]);
  });
});
