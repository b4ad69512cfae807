/**
 * No dead code (part of `npm test`): knip, configured in knip.json, reports files nothing reaches,
 * exports nothing imports and dependencies nothing uses. Entry points are found by convention, not
 * listed: each package's `src/index.ts` and package.json `exports`, `src/*-cli.ts` (run by path),
 * tests, test fixtures and `*-entry.ts` helpers that tests spawn, scripts/ and bench/.
 * An export used only inside its own file is reported too: drop the `export`.
 */
import { resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const knip = resolve(root, "node_modules/.bin/knip");
const result = Bun.spawnSync([knip, "--no-progress"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
if (result.exitCode !== 0) {
  console.error("Dead code: remove what is unused (or drop the `export` of what is used only in its file).");
  process.exit(1);
}
console.log("Dead code: none (knip)");
