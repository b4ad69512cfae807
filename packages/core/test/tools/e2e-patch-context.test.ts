/**
 * End to end through `dist/codex exec` (issue 11, item 10): a model's patch whose context lines
 * match the file only leniently (trailing whitespace, Unicode punctuation, a non-breaking space)
 * changes only the lines it adds or removes; every other byte of the file stays as it was.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { completed, customToolCall, responsesStream, runCodex, textResponse } from "@codex/test-support";
import { e2eSetup, toolOutputs } from "./e2e-helpers.ts";

const setup = e2eSetup();

describe("apply_patch through dist/codex exec", () => {
  test("context lines matched leniently keep the file's bytes", async () => {
    const env = await setup();
    const file = join(env.workspace, "notes.md");
    const original = "Title  \n  \u2013 item\u00A0one\t\n\u201Cquoted\u201D\nold line\nlast \n";
    writeFileSync(file, original);
    env.server.enqueue(
      responsesStream([
        ...customToolCall(
          "apply_patch",
          '*** Begin Patch\n*** Update File: notes.md\n@@\n Title\n - item one\n "quoted"\n-old line\n+new line\n last\n*** End Patch\n',
          "call_patch",
        ),
        completed(),
      ]),
    );
    env.server.enqueue(responsesStream([textResponse("Edited."), completed()]));

    const result = await runCodex(["exec", "-s", "workspace-write", "edit the notes"], {
      codexHome: env.codexHome,
      cwd: env.workspace,
    });

    expect(result.code).toBe(0);
    expect(toolOutputs(env.server).get("call_patch")).toContain("Success. Updated the following files:");
    expect(readFileSync(file, "utf8")).toBe(original.replace("old line\n", "new line\n"));
  });
});
