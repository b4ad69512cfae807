/**
 * `npm test`: every check, in order, stopping at the first failure:
 * type-check, lint/format, layer rules, nothing read outside the repository, no dead code,
 * build dist/codex, then all tests (which run the binary).
 */
import { resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const bun = process.execPath;
const node_bin = (name: string) => resolve(root, "node_modules/.bin", name);

type Step = { name: string; argv: string[] };
const steps: Step[] = [
  { name: "type-check", argv: [node_bin("tsc"), "--noEmit", "-p", "tsconfig.json"] },
  { name: "lint", argv: [node_bin("biome"), "check", "."] },
  { name: "layer rules", argv: [bun, "scripts/check-layers.ts"] },
  { name: "self-contained", argv: [bun, "scripts/check-self-contained.ts"] },
  { name: "dead code", argv: [bun, "scripts/check-dead-code.ts"] },
  { name: "build", argv: [bun, "scripts/build.ts"] },
];

for (const step of steps) {
  console.log(`\n== ${step.name}`);
  const result = Bun.spawnSync(step.argv, { cwd: root, stdio: ["inherit", "inherit", "inherit"] });
  if (result.exitCode !== 0) {
    console.error(`\n${step.name} failed`);
    process.exit(1);
  }
}

console.log("\n== tests");
const extra = process.argv.slice(2);
const proc = Bun.spawn([bun, "test", "--timeout", "60000", ...extra], {
  cwd: root,
  stdio: ["inherit", "inherit", "pipe"],
  env: { ...process.env, FORCE_COLOR: "0" },
});
// bun prints its summary on stderr; echo it and restate it in the plain "N passed, N failed" form.
let summary = "";
const decoder = new TextDecoder();
for await (const chunk of proc.stderr as ReadableStream<Uint8Array>) {
  const text = decoder.decode(chunk);
  summary += text;
  if (summary.length > 1_000_000) summary = summary.slice(-100_000);
  process.stderr.write(text);
}
const code = await proc.exited;
const pass = Number(/^\s*(\d+) pass$/m.exec(summary)?.[1] ?? 0);
const fail = Number(/^\s*(\d+) fail$/m.exec(summary)?.[1] ?? 0);
console.log(`\n${pass} passed, ${fail} failed`);
if (pass === 0 && fail === 0) {
  console.error("no tests ran");
  process.exit(1);
}
process.exit(code === 0 && fail === 0 ? 0 : 1);
