import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanStep } from "@codex/protocol";
import type { Config } from "../../src/config/types.ts";
import { createBuiltinToolHandlers } from "../../src/tools/handlers/builtin.ts";
import { createUpdatePlanHandler } from "../../src/tools/handlers/update-plan.ts";
import { createViewImageHandler } from "../../src/tools/handlers/view-image.ts";
import { TerminalSessions } from "../../src/tools/terminals/terminal-sessions.ts";
import { toolSpecName } from "../../src/tools/types.ts";
import { webSearchItemFromCall } from "../../src/tools/web-search.ts";
import { fakeContext, functionCall } from "./fake-context.ts";

const dir = mkdtempSync(join(tmpdir(), "codex-tools-"));
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

describe("update_plan", () => {
  const plan = createUpdatePlanHandler();
  test("emits plan_update and answers Plan updated", async () => {
    const { ctx, events } = fakeContext({ cwd: dir });
    const steps: PlanStep[] = [
      { step: "list files", status: "completed" },
      { step: "write file", status: "in_progress" },
    ];
    const result = await plan.run(functionCall("update_plan", { explanation: "go", plan: steps }), ctx);
    expect(result).toEqual({ output: "Plan updated", success: true });
    expect(events).toEqual([{ type: "plan_update", explanation: "go", plan: steps }]);
  });
  test("rejects an unknown status", async () => {
    const { ctx } = fakeContext({ cwd: dir });
    await expect(
      plan.run(functionCall("update_plan", { plan: [{ step: "x", status: "done" }] }), ctx),
    ).rejects.toThrow(/status must be one of/);
  });
});

describe("view_image", () => {
  const view = createViewImageHandler();
  test("attaches a PNG as an input_image data URL for the next request", async () => {
    writeFileSync(join(dir, "dot.png"), PNG);
    const { ctx, injected } = fakeContext({ cwd: dir, withInject: true });
    const result = await view.run(functionCall("view_image", { path: "dot.png" }), ctx);
    expect(result.success).toBe(true);
    expect(injected).toEqual([
      {
        type: "message",
        role: "user",
        content: [{ type: "input_image", image_url: `data:image/png;base64,${PNG.toString("base64")}` }],
      },
    ]);
  });
  test("missing file and non-image are errors for the model", async () => {
    writeFileSync(join(dir, "notes.png"), "just text");
    const { ctx, injected } = fakeContext({ cwd: dir, withInject: true });
    await expect(view.run(functionCall("view_image", { path: "nope.png" }), ctx)).rejects.toThrow(
      /unable to locate image/,
    );
    await expect(view.run(functionCall("view_image", { path: "notes.png" }), ctx)).rejects.toThrow(
      /not a PNG/,
    );
    expect(injected).toEqual([]);
  });
});

describe("built-in handlers", () => {
  test("offer shell, exec_command, write_stdin, apply_patch, update_plan, view_image; apply_patch form follows config", () => {
    const terminals = new TerminalSessions();
    const freeform = createBuiltinToolHandlers(
      { use_freeform_apply_patch: true } as unknown as Config,
      terminals,
    );
    expect(freeform.map((h) => toolSpecName(h.spec))).toEqual([
      "shell",
      "exec_command",
      "write_stdin",
      "apply_patch",
      "update_plan",
      "view_image",
    ]);
    expect(freeform[3]?.spec.type).toBe("custom");
    const json = createBuiltinToolHandlers(
      { use_freeform_apply_patch: false } as unknown as Config,
      terminals,
    );
    expect(json[3]?.spec.type).toBe("function");
    expect(freeform[0]?.aliases).toEqual(["container.exec", "local_shell"]);
  });
  test("web_search_call maps to a web_search item", () => {
    expect(
      webSearchItemFromCall(
        { type: "web_search_call", action: { type: "search", query: "bun spawn" } },
        "item_3",
      ),
    ).toEqual({ id: "item_3", type: "web_search", query: "bun spawn" });
  });
});
