/**
 * The mock model server as a process, for trying the binary by hand or from other tools:
 *
 *   bun packages/test-support/src/serve-cli.ts [--port N] [--record FILE] scenario1.json [more.json…]
 *
 * Prints the base URL (`http://127.0.0.1:N/v1`) on stdout, answers requests with the scenarios'
 * entries in order (names are looked up in the golden directory, or given as paths), appends each
 * request as one JSON line to FILE (stderr without --record), and runs until interrupted.
 */
import { appendFileSync } from "node:fs";
import { loadGoldenScenario } from "./golden.ts";
import { startMockModelServer } from "./mock-model-server.ts";

function parseArgs(argv: string[]): { port: number; record: string | null; scenarios: string[] } {
  let port = 0;
  let record: string | null = null;
  const scenarios: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--port") port = Number(argv[++i]);
    else if (arg === "--record") record = argv[++i] ?? null;
    else scenarios.push(arg);
  }
  return { port, record, scenarios };
}

const { port, record, scenarios } = parseArgs(process.argv.slice(2));
const server = await startMockModelServer({ port });
for (const scenario of scenarios) server.enqueueAll(loadGoldenScenario(scenario));
process.stdout.write(`${server.baseUrl}\n`);

let logged = 0;
const timer = setInterval(() => {
  for (; logged < server.requests.length; logged++) {
    const line = `${JSON.stringify(server.requests[logged])}\n`;
    if (record) appendFileSync(record, line);
    else process.stderr.write(line);
  }
}, 50);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    clearInterval(timer);
    void server.close().then(() => process.exit(0));
  });
}
