import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { completed, functionCall, responsesStream, textResponse } from "@codex/test-support";
import { type Harness, harness, ofType, untilTurnEnd, userTurn } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const PRINT = "seq 1 3000";

/** One turn whose command prints 3000 lines; its events and the request that answers the call. */
async function turnWithCommand(session: { commandOutputDeltas?: boolean }) {
  h = await harness();
  h.server.enqueue(
    responsesStream([functionCall("shell", { command: ["bash", "-c", PRINT] }, "c1"), completed()]),
  );
  h.server.enqueue(responsesStream([textResponse("done"), completed()]));
  const events = await (async () => {
    const s = h.start({ session });
    await s.submit(userTurn("print"));
    return untilTurnEnd(s);
  })();
  const followUp = h.server.requests[1]?.body as { input: Array<{ type: string; output?: string }> };
  const output = followUp.input.find((item) => item.type === "function_call_output")?.output;
  return { events, output };
}

describe("command output deltas", () => {
  test("streamed by default; a session that turns them off gets the same finished command and model input", async () => {
    const streamed = await turnWithCommand({});
    await h.close();
    const quiet = await turnWithCommand({ commandOutputDeltas: false });

    const deltas = ofType(streamed.events, "command_output_delta");
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.map((d) => d.chunk).join("")).toBe(
      `${Array.from({ length: 3000 }, (_, i) => i + 1).join("\n")}\n`,
    );
    expect(ofType(quiet.events, "command_output_delta")).toHaveLength(0);

    const finished = (events: typeof streamed.events) =>
      ofType(events, "item_completed").find((e) => e.item.type === "command_execution")?.item;
    expect(finished(quiet.events)).toEqual(finished(streamed.events));
    expect(quiet.output).toContain("Total output lines: 3000");
    // Wall time differs from run to run; the rest of what the model reads is the same.
    const withoutTime = (text: string | undefined) =>
      text?.replace(/"duration_seconds":[\d.]+|Wall time: [\d.]+ seconds/, "");
    expect(withoutTime(quiet.output)).toBe(withoutTime(streamed.output));
  });
});
