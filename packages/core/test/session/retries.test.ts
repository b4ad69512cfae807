import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { completed, droppedStream, failed, responsesStream, textResponse } from "@codex/test-support";
import { type Harness, harness, ofType, untilTurnEnd, userTurn } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("stream retries", () => {
  test("a dropped stream is retried with Reconnecting notices that say why, then succeeds", async () => {
    h = await harness({ streamMaxRetries: 3 });
    h.server.enqueue(droppedStream([]));
    h.server.enqueue(responsesStream([failed({ message: "flaky" })]));
    h.server.enqueue(
      responsesStream([textResponse("Recovered."), completed({ input_tokens: 5, output_tokens: 1 })]),
    );
    const session = h.start();
    await session.submit(userTurn("x"));
    const events = await untilTurnEnd(session);
    expect(ofType(events, "stream_error").map((e) => e.message)).toEqual([
      "Reconnecting... 1/3 (stream disconnected before completion: stream closed before response.completed)",
      "Reconnecting... 2/3 (stream disconnected before completion: flaky)",
    ]);
    expect(ofType(events, "error")).toHaveLength(0);
    expect(events.at(-1)).toMatchObject({ type: "turn_completed", last_agent_message: "Recovered." });
    expect(h.server.requests).toHaveLength(3);
  });

  test("when retries are exhausted: N notices, one error, turn_failed", async () => {
    h = await harness({ streamMaxRetries: 5 });
    for (let i = 0; i < 6; i++) h.server.enqueue(responsesStream([failed({ message: "boom from mock" })]));
    const session = h.start();
    await session.submit(userTurn("x"));
    const events = await untilTurnEnd(session);
    expect(ofType(events, "stream_error").map((e) => e.message)).toEqual(
      [1, 2, 3, 4, 5].map(
        (n) => `Reconnecting... ${n}/5 (stream disconnected before completion: boom from mock)`,
      ),
    );
    expect(ofType(events, "error").map((e) => e.message)).toEqual([
      "stream disconnected before completion: boom from mock",
    ]);
    expect(events.at(-1)?.type).toBe("turn_failed");
    expect(h.server.requests).toHaveLength(6);
  });
});
