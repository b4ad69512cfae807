import { expect, test } from "bun:test";
import { startTui } from "./helpers/harness.ts";

test("a host the network allow-list refused: s allows it always, a for the session, n and Ctrl-C keep it blocked", async () => {
  const h = await startTui({ rows: 30 });
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  for (const host of ["registry.example.org", "files.example.org", "evil.example.net", "cdn.example.org"])
    h.session.emit({ type: "network_approval_request", host, port: 443, profile: "dev" });
  await h.settle();
  const screen = h.term.screenText();
  expect(screen).toContain("Allow commands to reach registry.example.org?");
  expect(screen).toContain("The network allow-list of [permissions.dev] refused registry.example.org:443");
  expect(screen).toContain("s yes, always (saved in your config)");
  // Typing goes to the modal, not the composer; y is not an answer here.
  await h.type("y");
  await h.type("s");
  await h.type("a");
  await h.type("n");
  await h.type("\x03");
  expect(h.session.opsOf("network_approval").map((op) => [op.host, op.decision])).toEqual([
    ["registry.example.org", "approved_always"],
    ["files.example.org", "approved_for_session"],
    ["evil.example.net", "denied"],
    ["cdn.example.org", "denied"],
  ]);
  const after = h.term.screenText();
  expect(after).toContain(
    "Commands may reach registry.example.org from now on (saved in\n  [permissions.dev.network.domains])",
  );
  expect(after).toContain("Commands may reach files.example.org for the rest of this session");
  expect(after).toContain("evil.example.net stays blocked");
  expect(after).not.toContain("Allow commands to reach");
  await h.type("\x03");
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);
});
