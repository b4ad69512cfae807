/** `codex doctor`, loaded only when it runs: its checks (MCP, sandbox probe) stay off every other start-up. */
import type { DoctorOptions } from "./run-doctor.ts";

export async function runDoctor(options: DoctorOptions): Promise<{ output: string; exitCode: number }> {
  return (await import("./run-doctor.ts")).runDoctor(options);
}
