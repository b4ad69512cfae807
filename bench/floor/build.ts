/**
 * Bun hello-worlds compiled with exactly codex's flags (scripts/compile-flags.ts), built into
 * bench/floor/dist on first use: the runtime's own floor beside each start-up figure.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { COMPILE_FLAGS } from "../../scripts/compile-flags.ts";
import { settlePageCache } from "../lib.ts";

export type FloorProgram = "hello" | "first-request" | "many-commands";

export function bunFloor(program: FloorProgram): string {
  const dir = join(import.meta.dir, "dist");
  const out = join(dir, program);
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    const result = Bun.spawnSync(
      [
        process.execPath,
        "build",
        join(import.meta.dir, `${program}.ts`),
        ...COMPILE_FLAGS,
        `--outfile=${out}`,
      ],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    if (result.exitCode !== 0) throw new Error(`could not build the Bun floor ${program}`);
  }
  return settlePageCache(out);
}
