import { describe, expect, test } from "bun:test";
import {
  formatExecJson,
  formatExecText,
  formatOutputForModel,
  MODEL_FORMAT_MAX_BYTES,
  truncateTextForModel,
} from "../../src/tools/exec/format.ts";
import { captureFromText, OutputCapture } from "../../src/tools/exec/output-capture.ts";

function bodyOf(text: string): string {
  const match = /^Total output lines: \d+\n\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`no header in ${text.slice(0, 80)}`);
  return match[1] as string;
}

describe("model-facing truncation", () => {
  test("short output passes through unchanged", () => {
    expect(truncateTextForModel("hello\nworld\n")).toBe("hello\nworld\n");
  });

  test("more than 256 lines keeps 128 head and 128 tail lines with exact markers", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i + 1}`);
    const text = `${lines.join("\n")}\n`;
    const out = truncateTextForModel(text);
    expect(out.startsWith("Total output lines: 400\n\nline 1\n")).toBe(true);
    expect(out).toContain("line 128\n\n[... omitted 144 of 400 lines ...]\n\nline 273\n");
    expect(out).not.toContain("line 129\n");
    expect(out.endsWith("line 400\n")).toBe(true);
  });

  test("byte limit: head at most 5 KiB and whole body within 10 KiB", () => {
    const line = "very long execution error line that should trigger truncation\n";
    const text = line.repeat(2500);
    const out = truncateTextForModel(text);
    const body = bodyOf(out);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MODEL_FORMAT_MAX_BYTES);
    expect(body).toContain("\n[... omitted 2244 of 2500 lines ...]\n\n");
    const head = body.split("\n[... omitted")[0] as string;
    expect(Buffer.byteLength(head)).toBeLessThanOrEqual(5 * 1024);
  });

  test("few very long lines: head only, nothing omitted by line count", () => {
    const text = `${"a".repeat(20_000)}\n${"b".repeat(20_000)}\n`;
    const out = truncateTextForModel(text);
    expect(out).toStartWith("Total output lines: 2\n\n");
    expect(out).toContain("[... omitted 0 of 2 lines ...]");
  });

  test("cuts on UTF-8 character boundaries", () => {
    const text = "é".repeat(12_000);
    const out = truncateTextForModel(text);
    expect(out).not.toContain("\uFFFD");
  });

  test("a bounded capture formats exactly like the full text", () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `row ${i} ${"x".repeat(i % 37)}`);
    const text = `${lines.join("\n")}\npartial`;
    const capture = new OutputCapture({ headBytes: 16 * 1024, tailBytes: 16 * 1024 });
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i < bytes.length; i += 4093) capture.push(bytes.subarray(i, i + 4093));
    const snap = capture.snapshot();
    expect(snap.omittedBytes).toBeGreaterThan(0);
    expect(formatOutputForModel(snap)).toBe(formatOutputForModel(captureFromText(text)));
  });

  test("bounded capture matches for 129..256 long lines (tail slice starting in the gap)", () => {
    const lines = Array.from({ length: 200 }, (_, i) => `${i}:${"y".repeat(500)}`);
    const text = `${lines.join("\n")}\n`;
    const capture = new OutputCapture({ headBytes: 12 * 1024, tailBytes: 12 * 1024 });
    capture.push(new TextEncoder().encode(text));
    expect(formatOutputForModel(capture.snapshot())).toBe(formatOutputForModel(captureFromText(text)));
  });
});

describe("shell output forms", () => {
  test("JSON form", () => {
    expect(formatExecJson({ output: "hi\n", exitCode: 0, durationMs: 1234 })).toBe(
      '{"output":"hi\\n","metadata":{"exit_code":0,"duration_seconds":1.2}}',
    );
  });

  test("text form, as sent when freeform apply_patch is offered", () => {
    expect(formatExecText({ output: "hello-from-shell\n", exitCode: 0, durationMs: 10 })).toBe(
      "Exit code: 0\nWall time: 0 seconds\nOutput:\nhello-from-shell\n",
    );
  });

  test("text form lifts the Total output lines header", () => {
    const output = truncateTextForModel(`${"z\n".repeat(300)}`);
    const text = formatExecText({ output, exitCode: 1, durationMs: 2500 });
    expect(text).toStartWith("Exit code: 1\nWall time: 2.5 seconds\nTotal output lines: 300\nOutput:\nz\n");
  });
});
