/**
 * A long interactive session must not grow: 300 turns in one session, each running a command
 * that prints about 20 KB, through the library API (`@codex/core`, the TUI's seam) against the
 * mock server. Target (issue 19): RSS after 300 turns within 10 % of RSS after 30 turns.
 * `BENCH_SOAK_TURNS` changes the length (the early mark stays at a tenth); `BENCH_SOAK_ROUNDS=N`
 * makes each turn run N commands one after another (N + 1 requests, each resending the history), as
 * an agent's turns do. The session runs under the runtime settings the TUI and the app server start
 * themselves with (packages/cli/src/long-lived-runtime.ts).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  completed,
  functionCall,
  MockModelServer,
  type RecordedRequest,
  responsesStream,
  textResponse,
} from "@codex/test-support";
import { LONG_LIVED_RUNTIME } from "../packages/cli/src/long-lived-runtime.ts";
import { loadAverage, mockCodexHome } from "./lib.ts";

const turns = Number(process.env.BENCH_SOAK_TURNS ?? 300);
const early = Math.max(1, Math.round(turns / 10));
const rounds = Math.max(1, Number(process.env.BENCH_SOAK_ROUNDS ?? 1));
let calls = 0;

/** A command for a user's message and after each output, an answer after the turn's last one. */
function respond(request: RecordedRequest) {
  const input = (request.body as { input?: Array<{ type?: string }> } | null)?.input ?? [];
  if (input.at(-1)?.type === "function_call_output" && calls % rounds === 0)
    return responsesStream([textResponse("Listed."), completed({ input_tokens: 100, output_tokens: 5 })]);
  calls++;
  const command = ["bash", "-c", "seq 1 4000 | sed 's/^/line /'"];
  return responsesStream([
    functionCall("shell", { command }, `call_${calls}`),
    completed({ input_tokens: 100, output_tokens: 5 }),
  ]);
}

const server = await MockModelServer.start({ fallback: respond });
const scratch = mkdtempSync(join(tmpdir(), "codex-bench-soak-"));
const home = join(scratch, "home");
const workspace = join(scratch, "ws");
mockCodexHome(home, server.baseUrl);
mkdirSync(workspace);
const started = performance.now();
const marks = [1, early, Math.round(turns / 2), turns];
const child = Bun.spawn(
  [process.execPath, join(import.meta.dir, "soak", "session.ts"), String(turns), marks.join(",")],
  {
    cwd: workspace,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      CODEX_HOME: home,
      OPENAI_API_KEY: "sk-bench",
      ...LONG_LIVED_RUNTIME,
    },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
const output = await new Response(child.stdout).text();
const code = await child.exited;
await server.close();
rmSync(scratch, { recursive: true, force: true });
if (code !== 0) throw new Error(`the soak session exited ${code}`);
const MiB = 1024 * 1024;
const rss = new Map<number, number>();
const settled = new Map<number, { rss: number; heap: number }>();
for (const line of output.split("\n")) {
  const [tag, turn, bytes, heap] = line.split(" ");
  if (tag === "rss") rss.set(Number(turn), Number(bytes) / MiB);
  if (tag === "settled") settled.set(Number(turn), { rss: Number(bytes) / MiB, heap: Number(heap) / MiB });
}
const atEarly = rss.get(early)!;
const atEnd = rss.get(turns)!;
const peak = Math.max(...rss.values());
const growth = (from: number, to: number) => `${(((to - from) / from) * 100).toFixed(1)} %`;
console.log(
  `\nSoak: ${turns} turns in one session, ${rounds === 1 ? "one 20 KB command" : `${rounds} commands of 20 KB`} each (library API, ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadAverage()}); target: after ${turns} within 10 % of after ${early}`,
);
console.log("| after turn | RSS at turn_completed | RSS after core's collection | live JS heap |");
console.log("|---:|---:|---:|---:|");
for (const turn of marks) {
  const after = settled.get(turn);
  console.log(
    `| ${turn} | ${rss.get(turn)?.toFixed(1)} MiB | ${after?.rss.toFixed(1)} MiB | ${after?.heap.toFixed(1)} MiB |`,
  );
}
console.log(`| peak | ${peak.toFixed(1)} MiB | | |`);
console.log(`growth from turn ${early} to ${turns}: ${growth(atEarly, atEnd)}`);
// The turn's garbage (two requests that each resend the whole history) is still there at
// turn_completed; 300 ms later core's collection has run. The live heap is what the session keeps.
const [a, b] = [settled.get(early)!, settled.get(turns)!];
console.log(
  `after core's collection: RSS ${growth(a.rss, b.rss)}, live heap +${(b.heap - a.heap).toFixed(1)} MiB (${(((b.heap - a.heap) * 1024) / (turns - early)).toFixed(1)} KiB a turn)`,
);
