/**
 * Issue 11, item 12: `codex exec PROMPT` with data piped on stdin sends one input text,
 * `PROMPT\n\n<stdin>\nDATA\n</stdin>`, byte for byte as Codex 0.169 does (checked side by side
 * against the 0.169 binary with this mock server), and decodes stdin as 0.169 does.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { codexBinaryPath, completed, responsesStream, textResponse } from "@codex/test-support";
import { type ExecEnv, execEnv, STDIN_NOTICE } from "./helpers.ts";

setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

/** The texts of the last user message of request `index`. */
function userTexts(index: number): string[] {
  const body = env.server.requests[index]?.body as {
    input: Array<{ role?: string; content?: Array<{ text?: string }> }>;
  };
  const user = body.input.filter((item) => item.role === "user").at(-1);
  return (user?.content ?? []).map((part) => part.text ?? "");
}

function answerTimes(count: number): void {
  for (let i = 0; i < count; i++) env.server.enqueue(responsesStream([textResponse("ok"), completed()]));
}

describe("codex exec PROMPT with piped stdin", () => {
  test("the piped text follows the prompt in a <stdin> block; the human header shows it", async () => {
    env = await execEnv();
    answerTimes(1);
    const result = await env.exec(["PROMPT"], { stdin: "DATA\n" });
    expect(result.code).toBe(0);
    expect(userTexts(0)).toEqual(["PROMPT\n\n<stdin>\nDATA\n</stdin>"]);
    expect(result.stderr).toStartWith(STDIN_NOTICE);
    expect(result.stderr).toContain("\nuser\nPROMPT\n\n<stdin>\nDATA\n</stdin>\n");
  });

  test("bytes are kept: trailing newlines, none at all, CRLF, leading blank lines, a prompt's newline", async () => {
    env = await execEnv();
    const cases: Array<[prompt: string, stdin: string, sent: string]> = [
      ["P", "DATA\n\n\n", "P\n\n<stdin>\nDATA\n\n\n</stdin>"],
      ["P", "DATA", "P\n\n<stdin>\nDATA\n</stdin>"],
      ["P", "a\r\nb\r\n", "P\n\n<stdin>\na\r\nb\r\n</stdin>"],
      ["P", "\n\nDATA  \n", "P\n\n<stdin>\n\n\nDATA  \n</stdin>"],
      ["P\n", "DATA\n", "P\n\n\n<stdin>\nDATA\n</stdin>"],
    ];
    answerTimes(cases.length);
    for (const [i, [prompt, stdin, sent]] of cases.entries()) {
      const result = await env.exec(["--json", prompt], { stdin });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(STDIN_NOTICE);
      expect(userTexts(i)).toEqual([sent]);
    }
  });

  test("empty or blank stdin leaves the prompt alone; an empty prompt with piped text sends the block", async () => {
    env = await execEnv();
    answerTimes(3);
    for (const stdin of ["", "  \n\n"]) {
      const result = await env.exec(["--json", "PROMPT"], { stdin });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(STDIN_NOTICE);
    }
    expect(userTexts(0)).toEqual(["PROMPT"]);
    expect(userTexts(1)).toEqual(["PROMPT"]);
    const emptyPrompt = await env.exec(["--json", ""], { stdin: "DATA" });
    expect(emptyPrompt.code).toBe(0);
    expect(userTexts(2)).toEqual(["\n\n<stdin>\nDATA\n</stdin>"]);
  });

  test("without a prompt, or with `-`, stdin is the prompt itself (no block)", async () => {
    env = await execEnv();
    answerTimes(2);
    const implicit = await env.exec(["--json"], { stdin: "\n\nDATA\n\n" });
    expect(implicit.stderr).toBe("Reading prompt from stdin...\n");
    const dash = await env.exec(["--json", "-"], { stdin: "DATA\n" });
    expect(dash.stderr).toBe("");
    expect(userTexts(0)).toEqual(["\n\nDATA\n\n"]);
    expect(userTexts(1)).toEqual(["DATA\n"]);
  });

  test("exec resume with a prompt does not read stdin", async () => {
    env = await execEnv();
    answerTimes(2);
    expect((await env.exec(["--json", "first"])).code).toBe(0);
    const resumed = await env.exec(["--json", "resume", "--last", "NEXT"], { stdin: "DATA\n" });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toBe("");
    expect(userTexts(1)).toEqual(["NEXT"]);
  });

  test("stdin is decoded as 0.169 does: BOMs, UTF-16, and a clear refusal of invalid UTF-8", async () => {
    env = await execEnv();
    answerTimes(2);
    const run = (bytes: number[]) => env.exec(["--json", "P"], { stdin: new Uint8Array(bytes) });
    const bom = await run([0xef, 0xbb, 0xbf, ...Buffer.from("DATA\n")]);
    expect(bom.code).toBe(0);
    expect(userTexts(0)).toEqual(["P\n\n<stdin>\nDATA\n</stdin>"]);
    const utf16 = await run([0xff, 0xfe, 0x44, 0, 0x41, 0, 0x0a, 0]);
    expect(utf16.code).toBe(0);
    expect(userTexts(1)).toEqual(["P\n\n<stdin>\nDA\n</stdin>"]);

    const invalid = await run([0x50, 0xff, 0xfe, 0x51]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toBe(
      `${STDIN_NOTICE}Failed to read prompt from stdin: input is not valid UTF-8 (invalid byte at offset 1). Convert it to UTF-8 and retry (e.g., \`iconv -f <ENC> -t UTF-8 prompt.txt\`).\n`,
    );
    const utf32 = await run([0xff, 0xfe, 0, 0, 0x44, 0, 0, 0]);
    expect(utf32.code).toBe(1);
    expect(utf32.stderr).toEndWith(
      "Failed to read prompt from stdin: input appears to be UTF-32LE. Convert it to UTF-8 and retry.\n",
    );
    expect(env.server.requests).toHaveLength(2);
  });

  test("a terminal on stdin is not read: the prompt goes alone, with no notice", async () => {
    env = await execEnv();
    answerTimes(1);
    let screen = "";
    const terminal = new Bun.Terminal({
      cols: 200,
      data: (_terminal, data) => {
        screen += new TextDecoder().decode(data);
      },
    });
    const child = Bun.spawn([codexBinaryPath(), "exec", "--json", "PROMPT"], {
      cwd: env.workspace,
      env: { PATH: process.env.PATH ?? "", HOME: env.codexHome, CODEX_HOME: env.codexHome },
      terminal,
    });
    expect(await child.exited).toBe(0);
    terminal.close();
    expect(userTexts(0)).toEqual(["PROMPT"]);
    expect(screen).toContain('"type":"turn.completed"');
    expect(screen).not.toContain("Reading");
  });
});
