/** /hooks: the review lists declared hooks with their trust, and trusting one writes 0.169's state. */
import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reviewHooks } from "@codex/core";
import { startTui } from "./helpers/harness.ts";

test("/hooks lists an untrusted hook; Enter trusts it as [hooks.state] in config.toml", async () => {
  const codexHome = mkdtempSync(join(tmpdir(), "codex-tui-hooks-"));
  writeFileSync(
    join(codexHome, "hooks.json"),
    JSON.stringify({
      hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "./check.sh" }] }] },
    }),
  );
  writeFileSync(join(codexHome, "config.toml"), 'model = "gpt-5-codex"\n');
  const h = await startTui({ rows: 30, settings: { codexHome } });
  h.session.configured();
  await h.settle();
  await h.type("/hooks\r");
  await h.settle();
  expect(h.term.screenText()).toContain("untrusted PreToolUse (Bash): ./check.sh");
  await h.type("\r");
  await h.settle();
  expect(h.term.screenText()).toContain("Trusted: ./check.sh");
  const key = `${join(codexHome, "hooks.json")}:pre_tool_use:0:0`;
  const [entry] = reviewHooks({ codexHome, project_config_folders: [] });
  expect(entry).toMatchObject({ key, trusted: true });
  expect(readFileSync(join(codexHome, "config.toml"), "utf8")).toContain(`trusted_hash = "${entry?.hash}"`);
  await h.type("/quit\r");
  expect(await h.exit).toBe(0);
});

test("/hooks with no hooks says where they would be declared", async () => {
  const h = await startTui();
  h.session.configured();
  await h.type("/hooks\r");
  await h.settle();
  expect(h.term.screenText()).toContain("No hooks are declared");
  await h.type("/quit\r");
  expect(await h.exit).toBe(0);
});
