/**
 * Assembles the Landlock tier's native supervisor (packages/sandbox/src/stub/*.S) with GNU as and
 * ld, and prints the executable as base64 (what packages/sandbox/src/landlock-stub.ts embeds).
 *   bun scripts/landlock-stub.ts            prints the base64 of the x86-64 stub
 *   bun scripts/landlock-stub.ts --write    rewrites the constant in landlock-stub.ts
 * The sandbox tests run the same assembly and fail when the embedded bytes differ from the source.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
export const STUB_SOURCE = join(root, "packages/sandbox/src/stub/landlock-stub-x86_64.S");
const EMBEDDED = join(root, "packages/sandbox/src/landlock-stub.ts");

/** The stub's bytes from its source, or null when GNU as/ld for x86-64 are not installed. */
export function assembleStub(): Uint8Array | null {
  if (Bun.which("as") === null || Bun.which("ld") === null) return null;
  const dir = mkdtempSync(join(tmpdir(), "codex-stub-"));
  try {
    const object = join(dir, "stub.o");
    const binary = join(dir, "stub");
    const steps = [
      ["as", "--64", "-o", object, STUB_SOURCE],
      [
        "ld",
        "-static",
        "-nostdlib",
        "-s",
        "-n",
        "--build-id=none",
        "-z",
        "noexecstack",
        "-o",
        binary,
        object,
      ],
    ];
    for (const step of steps) {
      const result = Bun.spawnSync(step, { stderr: "pipe" });
      if (result.exitCode !== 0) throw new Error(`${step[0]} failed: ${result.stderr.toString()}`);
    }
    return new Uint8Array(readFileSync(binary));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const bytes = assembleStub();
  if (bytes === null) {
    console.error("GNU as and ld are needed (e.g. `apt-get install binutils`)");
    process.exit(1);
  }
  const base64 = Buffer.from(bytes).toString("base64");
  if (process.argv.includes("--write")) {
    const text = readFileSync(EMBEDDED, "utf8");
    const updated = text.replace(/const STUB_X86_64 =\s*"[^"]*";/, `const STUB_X86_64 =\n  "${base64}";`);
    writeFileSync(EMBEDDED, updated);
    console.log(`wrote ${bytes.length} bytes into ${EMBEDDED}`);
  } else console.log(base64);
}
