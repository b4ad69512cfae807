/**
 * "Approve, and don't ask again for commands starting with …": the request proposes the prefix,
 * the answer writes 0.169's allow rule to $CODEX_HOME/rules/default.rules, and the next turn runs
 * the same command without asking — and outside the sandbox, as an allow rule does.
 */
import { afterEach, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { completed, functionCall, responsesStream, textResponse } from "@codex/test-support";
import { type Harness, harness, ofType, untilTurnEnd, userTurn } from "./helpers.ts";

setDefaultTimeout(30_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

function scriptTouch(callId: string, file: string): void {
  h.server.enqueue(
    responsesStream([...functionCall("shell", { command: ["touch", file] }, callId), completed()]),
  );
  h.server.enqueue(responsesStream([textResponse("done"), completed()]));
}

test("an amendment is written once, then honoured on the next turn without a question", async () => {
  h = await harness();
  const session = h.start({ flags: { approval_policy: "untrusted", sandbox_mode: "read-only" } });
  const first = join(h.workspace, "first.txt");
  scriptTouch("c1", first);
  await session.submit(userTurn("touch it"));
  const asked = await untilTurnEnd(session, (event) => {
    if (event.msg.type === "exec_approval_request")
      void session.submit({
        type: "exec_approval",
        call_id: event.msg.call_id,
        decision: "approved_execpolicy_amendment",
      });
  });
  expect(ofType(asked, "exec_approval_request")[0]?.proposed_execpolicy_amendment).toEqual(["touch", first]);
  expect(readFileSync(join(h.codexHome, "rules", "default.rules"), "utf8")).toBe(
    `prefix_rule(pattern=["touch", ${JSON.stringify(first)}], decision="allow")\n`,
  );

  // The same command again: no question, and it runs outside the read-only sandbox.
  scriptTouch("c2", first);
  await session.submit(userTurn("again"));
  const second = await untilTurnEnd(session);
  expect(ofType(second, "exec_approval_request")).toEqual([]);
  expect(existsSync(first)).toBe(true);
});

test("under untrusted the proposed prefix is the first part of the line, harmless or not (as 0.169)", async () => {
  h = await harness();
  const session = h.start({ flags: { approval_policy: "untrusted", sandbox_mode: "read-only" } });
  h.server.enqueue(
    responsesStream([
      ...functionCall("shell", { command: ["bash", "-c", "ls && touch x"] }, "c1"),
      completed(),
    ]),
  );
  h.server.enqueue(responsesStream([textResponse("done"), completed()]));
  await session.submit(userTurn("list, then touch"));
  const asked = await untilTurnEnd(session, (event) => {
    if (event.msg.type === "exec_approval_request")
      void session.submit({ type: "exec_approval", call_id: event.msg.call_id, decision: "denied" });
  });
  expect(ofType(asked, "exec_approval_request")[0]?.proposed_execpolicy_amendment).toEqual(["ls"]);
  expect(existsSync(join(h.workspace, "x"))).toBe(false);
});
