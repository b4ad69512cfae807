/**
 * The filesystem a patch is applied through when it runs in the sandbox: reads from the real disk
 * (reading is unrestricted, as for commands), writes and removals through `@codex/sandbox`'s
 * confined writer, which holds them to exactly what a sandboxed command may write, race-free.
 */
import { nodeFileSystem, type PatchFileSystem } from "@codex/apply-patch";
import type { SandboxPolicy } from "@codex/protocol";
import { confinedWriter, resolveLayout } from "@codex/sandbox";

/** The sandbox layout of `policy` anchored at the session's working directory. */
export function sessionLayout(policy: SandboxPolicy, sessionCwd: string) {
  return resolveLayout({ policy, cwd: sessionCwd, env: process.env });
}

export function sandboxedPatchFileSystem(options: {
  policy: SandboxPolicy;
  sessionCwd: string;
}): PatchFileSystem {
  const writer = confinedWriter(sessionLayout(options.policy, options.sessionCwd));
  return {
    readFile: (path) => nodeFileSystem.readFile(path),
    writeFile: async (path, contents) => writer.writeFile(path, contents),
    createDirAll: async (path) => writer.createDirAll(path),
    removeFile: async (path) => writer.removeFile(path),
  };
}
