/** Runs every benchmark in bench/ (or the ones named on the command line), one after another. */
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = import.meta.dir;
const wanted = process.argv.slice(2);
const all = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !["lib.ts", "run.ts"].includes(f))
  .map((f) => f.replace(/\.ts$/, ""));
for (const name of wanted.length ? wanted : all) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark "${name}"; available: ${all.join(", ")}`);
    process.exit(1);
  }
  console.log(`\n## ${name}`);
  const proc = Bun.spawnSync([process.execPath, join(dir, `${name}.ts`)], {
    stdio: ["inherit", "inherit", "inherit"],
  });
  if (proc.exitCode !== 0) process.exitCode = 1;
}
