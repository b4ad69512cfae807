/**
 * exec's standard streams, written on file descriptors instead of `process.stdin`/`stdout`/`stderr`.
 * Those are Node stream objects whose first use loads Bun's `node:stream` machinery: ~5 MiB of
 * memory and milliseconds on every `codex exec` (docs/performance.md), for a run that reads its
 * input once and writes lines. Writes are synchronous and complete (as Rust Codex's are), so
 * output order between stdout and stderr is the order of the calls. A reader that went away
 * (`codex exec --json … | head -1`) ends the process quietly with status 0, as before.
 */
import { readSync, writeSync } from "node:fs";

/** Where exec writes: a line sink that knows whether it is a terminal. */
export type OutputStream = { readonly isTTY: boolean; write(text: string): void };

/** Where exec reads a piped prompt from. */
export type InputStream = { readonly isTTY: boolean; readAll(): Promise<Uint8Array> };

/** Bun's native isatty, without loading `node:tty` (which loads `node:net` and streams). */
function isTerminal(fd: number): boolean {
  try {
    return (process.binding("tty_wrap") as { isTTY(fd: number): boolean }).isTTY(fd);
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** Writes all of `bytes` to `fd`, waiting out a non-blocking descriptor that is full. */
function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if (errorCode(error) !== "EAGAIN") throw error;
      Bun.sleepSync(1);
    }
  }
}

function outputOn(fd: number): OutputStream {
  const encoder = new TextEncoder();
  return {
    isTTY: isTerminal(fd),
    write(text: string) {
      if (text === "") return;
      try {
        writeAll(fd, encoder.encode(text));
      } catch (error) {
        // The reader is gone: nothing more can be shown, and that is not a failure of ours.
        if (errorCode(error) === "EPIPE") process.exit(0);
        throw error;
      }
    },
  };
}

/** Reads fd 0 to its end; a non-blocking descriptor is read through Bun's own stream instead. */
async function readStdin(): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const buffer = new Uint8Array(64 * 1024);
  try {
    for (;;) {
      const n = readSync(0, buffer);
      if (n === 0) return Buffer.concat(chunks);
      chunks.push(buffer.slice(0, n));
    }
  } catch (error) {
    if (errorCode(error) !== "EAGAIN") throw error;
  }
  for await (const chunk of Bun.stdin.stream()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The process's streams and environment. */
export function processStreams(): {
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
} {
  return {
    stdin: { isTTY: isTerminal(0), readAll: readStdin },
    stdout: outputOn(1),
    stderr: outputOn(2),
    env: process.env,
  };
}
