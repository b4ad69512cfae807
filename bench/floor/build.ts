/**
 * Bun hello-worlds compiled with exactly codex's flags (scripts/compile-flags.ts), built into
 * bench/floor/dist on first use: the runtime's own floor beside each start-up figure. A build is
 * named by a hash of the program, the flags and the Bun version, so a change to any of them
 * builds it again.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { COMPILE_FLAGS } from "../../scripts/compile-flags.ts";
import { settlePageCache } from "../lib.ts";

export type FloorProgram = "hello" | "first-request" | "many-commands";

export function bunFloor(program: FloorProgram): string {
  const dir = join(import.meta.dir, "dist");
  const source = join(import.meta.dir, `${program}.ts`);
  const stamp = new Bun.CryptoHasher("sha256")
    .update(JSON.stringify([readFileSync(source, "utf8"), COMPILE_FLAGS, Bun.version]))
    .digest("hex")
    .slice(0, 12);
  const out = join(dir, `${program}-${stamp}`);
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    const result = Bun.spawnSync([process.execPath, "build", source, ...COMPILE_FLAGS, `--outfile=${out}`], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (result.exitCode !== 0) throw new Error(`could not build the Bun floor ${program}`);
  }
  return settlePageCache(out);
}
