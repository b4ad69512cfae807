import type { SandboxProbe } from "./probe.ts";

/** No sandbox can enforce the policy here; `message` says what is missing and how to fix it. */
export class SandboxUnavailableError extends Error {
  override name = "SandboxUnavailableError";
  readonly probe: SandboxProbe | null;

  constructor(message: string, probe: SandboxProbe | null) {
    super(message);
    this.probe = probe;
  }
}
