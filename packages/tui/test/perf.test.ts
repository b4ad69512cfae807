/**
 * Rendering cost under load, measured on the headless terminal: bytes written per frame while a
 * 10,000-line command output and a 2,000-line answer stream in, with keys typed throughout.
 * Prints the figures; asserts bytes, never time (keystroke-to-frame time: bench/in-process.ts).
 */
import { expect, test } from "bun:test";
import { startTui } from "./helpers/harness.ts";

/** Paces the flood like a fast network stream: a short pause every batch, so frames happen. */
const tick = () => new Promise((r) => setTimeout(r, 2));

type Frames = { bytes: number[] };

function recordFrames(h: Awaited<ReturnType<typeof startTui>>): Frames {
  const frames: Frames = { bytes: [] };
  const write = h.term.write.bind(h.term);
  h.term.write = (data: string) => {
    frames.bytes.push(Buffer.byteLength(data));
    write(data);
  };
  return frames;
}

function summary(bytes: number[]) {
  const sorted = [...bytes].sort((a, b) => a - b);
  const sum = bytes.reduce((a, b) => a + b, 0);
  return {
    frames: bytes.length,
    total: sum,
    mean: Math.round(sum / Math.max(1, bytes.length)),
    p50: sorted[Math.floor(sorted.length / 2)] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
  };
}

test("10,000-line command output: bounded bytes per frame, keys typed meanwhile all arrive", async () => {
  const h = await startTui({ columns: 100, rows: 40 });
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: null });
  h.session.emit({
    type: "item_started",
    item: {
      id: "c",
      type: "command_execution",
      command: "seq 10000",
      aggregated_output: "",
      status: "in_progress",
    },
  });
  await h.settle();
  const frames = recordFrames(h);
  const typed = "typing while output floods";
  let k = 0;
  for (let i = 1; i <= 10000; i++) {
    h.session.emit({
      type: "command_output_delta",
      item_id: "c",
      stream: "stdout",
      chunk: `output line ${i}\n`,
    });
    if (i % 50 === 0) {
      await tick();
      if (k < typed.length) h.term.type(typed[k++] ?? "");
    }
  }
  while (k < typed.length) h.term.type(typed[k++] ?? "");
  await h.settle(30);
  const s = summary(frames.bytes);
  console.log(
    `10k-line output: frames ${s.frames}, bytes/frame mean ${s.mean} p50 ${s.p50} max ${s.max}, total ${s.total}`,
  );
  expect(h.term.screenText()).toContain("output line 10000");
  expect(h.term.screenText()).toContain(`› ${typed}`);
  expect(s.max).toBeLessThan(2000);
  await h.type("\x03");
  await h.type("\x03\x03\x03");
  await h.exit;
}, 30000);

test("2,000-line streamed answer: lines committed once, per-frame bytes do not grow with length", async () => {
  const h = await startTui({ columns: 100, rows: 40 });
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: null });
  await h.settle();
  const frames = recordFrames(h);
  const lines = Array.from({ length: 2000 }, (_, i) =>
    i % 50 === 0 ? `## Section ${i / 50}` : `- point ${i}: some **bold** text and \`code\` to render`,
  );
  const answer = `${lines.join("\n")}\n`;
  let keys = 0;
  let pos = 0;
  let n = 0;
  while (pos < answer.length) {
    const piece = answer.slice(pos, pos + 24);
    pos += piece.length;
    h.session.emit({ type: "agent_message_delta", item_id: "m", delta: piece });
    if (++n % 20 === 0) {
      await tick();
      h.term.type("z");
      keys++;
    }
  }
  h.session.emit({ type: "item_completed", item: { id: "m", type: "agent_message", text: answer } });
  await h.settle(30);
  const s = summary(frames.bytes);
  const early = summary(frames.bytes.slice(0, Math.floor(frames.bytes.length / 10)));
  const late = summary(frames.bytes.slice(-Math.floor(frames.bytes.length / 10)));
  console.log(
    `2k-line answer: ${n} deltas, frames ${s.frames}, bytes/frame mean ${s.mean} p50 ${s.p50} max ${s.max}, first-10% mean ${early.mean}, last-10% mean ${late.mean}, total ${s.total} (answer ${answer.length} chars)`,
  );
  const all = h.term.all().join("\n");
  expect(all).toContain("point 1999: some bold text and code to render");
  expect(all.split("point 1001:").length).toBe(2);
  expect(late.mean).toBeLessThan(early.mean * 3 + 500);
  expect(h.term.screenText().replace(/[^z]/g, "").length).toBe(keys);
  await h.type("\x03");
  await h.type("\x03\x03\x03");
  await h.exit;
}, 30000);
