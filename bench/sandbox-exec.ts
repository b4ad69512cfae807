/**
 * What the sandbox costs per command inside a real turn: one `codex exec` turn in which the model
 * runs 20 `touch` commands (into `work/`: the Landlock tier cannot create entries at the top of a
 * repository, docs/sandbox.md, and a denied touch would time a failure), each checked to have
 * created its file, sandboxed on each Linux tier (workspace-write, network off) against the
 * same turn unsandboxed (danger-full-access), beside Rust Codex 0.47 (Landlock + seccomp) doing the
 * same. Reports wall time and CPU time (user + system of codex and everything it waited for) per
 * command over the unsandboxed turn; target (issue 19): ≤ 0.35× of 0.47's per-command cost on
 * each tier. `CODEX_BENCH_BINARY` points it at another build (e.g. before and after a change).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  completed,
  functionCall,
  MockModelServer,
  makeGitRepo,
  responsesStream,
  textResponse,
} from "@codex/test-support";
import { loadAverage, median, mockCodexHome, ourCodex, referenceCodex } from "./lib.ts";

if (process.platform !== "linux") {
  console.log("sandbox-exec benchmark: Linux only");
  process.exit(0);
}

const COMMANDS = 20;
const runs = Number(process.env.BENCH_RUNS ?? 7);
const binary = ourCodex();
const reference = referenceCodex();
const server = await MockModelServer.start();
const scratch = mkdtempSync(join(tmpdir(), "codex-bench-sandbox-exec-"));

function codexHome(backend: string): string {
  return mockCodexHome(join(scratch, `home-${backend}`), server.baseUrl, [
    ...(backend === "reference" ? [] : ["[sandbox]", `linux_backend = "${backend}"`]),
    // The workspace lies in /tmp; with /tmp writable too, Landlock would grant /tmp entry by
    // entry (a repository lies inside it), and the cost would be that of listing /tmp.
    "[sandbox_workspace_write]",
    "exclude_slash_tmp = true",
    "exclude_tmpdir_env_var = true",
  ]);
}

type Sample = { wallMs: number; cpuMs: number };

async function turn(options: {
  binary: string;
  backend: string;
  sandbox: string;
  run: number;
}): Promise<Sample> {
  const workspace = join(scratch, `ws-${options.backend}-${options.sandbox}-${options.run}`);
  makeGitRepo(workspace);
  mkdirSync(join(workspace, "work"));
  const calls = Array.from({ length: COMMANDS }, (_, i) =>
    functionCall("shell", { command: ["touch", `work/f${i}`] }, `call_${i}`),
  ).flat();
  server.enqueue(responsesStream([...calls, completed({ input_tokens: 10, output_tokens: 5 })]));
  server.enqueue(responsesStream([textResponse("done"), completed({ input_tokens: 10, output_tokens: 2 })]));
  const home = codexHome(options.backend);
  const started = performance.now();
  // Asynchronous, so that this process's mock server keeps answering while codex runs.
  const child = Bun.spawn(
    [options.binary, "exec", "--skip-git-repo-check", "-s", options.sandbox, "touch twenty files"],
    {
      cwd: workspace,
      env: { PATH: process.env.PATH, HOME: home, CODEX_HOME: home, OPENAI_API_KEY: "sk-bench" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  const stderr = await new Response(child.stderr).text();
  const code = await child.exited;
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`exec failed: ${stderr}`);
  const missing = Array.from({ length: COMMANDS }, (_, i) => `work/f${i}`).filter(
    (name) => !existsSync(join(workspace, name)),
  );
  if (missing.length > 0)
    throw new Error(`${options.backend} ${options.sandbox}: the sandbox refused ${missing.join(", ")}`);
  const usage = child.resourceUsage();
  return { wallMs, cpuMs: usage ? Number(usage.cpuTime.total) / 1000 : Number.NaN };
}

type Form = { name: string; binary: string; backend: string; sandbox: string; baseline: string };
const ours = "unsandboxed (danger-full-access)";
const theirs = "0.47 unsandboxed (danger-full-access)";
const forms: Form[] = [
  { name: ours, binary, backend: "auto", sandbox: "danger-full-access", baseline: ours },
  { name: "bwrap + seccomp", binary, backend: "bwrap", sandbox: "workspace-write", baseline: ours },
  { name: "Landlock + seccomp", binary, backend: "landlock", sandbox: "workspace-write", baseline: ours },
  { name: theirs, binary: reference, backend: "reference", sandbox: "danger-full-access", baseline: theirs },
  {
    name: "0.47 Landlock + seccomp",
    binary: reference,
    backend: "reference",
    sandbox: "workspace-write",
    baseline: theirs,
  },
];
const samples = new Map<string, Sample[]>(forms.map((form) => [form.name, []]));
// Interleaved, so background load hits every form alike; the first round warms caches up.
for (let run = 0; run < runs + 1; run++) {
  for (const form of forms) {
    const sample = await turn({ ...form, run });
    if (run > 0) samples.get(form.name)?.push(sample);
  }
}
const wallOf = (name: string) => median(samples.get(name)!.map((s) => s.wallMs));
const cpuOf = (name: string) => median(samples.get(name)!.map((s) => s.cpuMs));
const extraWall = (form: Form) => (wallOf(form.name) - wallOf(form.baseline)) / COMMANDS;
const referenceExtra = extraWall(forms[4]!);
console.log(
  `\nOne exec turn with ${COMMANDS} \`touch\` commands (median of ${runs} turns, interleaved; load ${loadAverage()})`,
);
console.log(
  "| form | turn wall | turn CPU | extra wall per command | extra CPU per command | ÷ 0.47's extra wall |",
);
console.log("|---|---:|---:|---:|---:|---:|");
for (const form of forms) {
  const perWall = extraWall(form);
  const perCpu = (cpuOf(form.name) - cpuOf(form.baseline)) / COMMANDS;
  const ratio = form.baseline === ours && form.name !== ours ? (perWall / referenceExtra).toFixed(2) : "";
  console.log(
    `| ${form.name} | ${wallOf(form.name).toFixed(0)} ms | ${cpuOf(form.name).toFixed(0)} ms | ${perWall.toFixed(1)} ms | ${perCpu.toFixed(1)} ms | ${ratio} |`,
  );
}
await server.close();
rmSync(scratch, { recursive: true, force: true });
