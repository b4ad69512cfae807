/**
 * The filesystem a patch is applied through when it runs "in the sandbox": the real disk, but every
 * write and removal must stay inside the policy's writable roots (links resolved, hard-linked files
 * refused), so an auto-approved patch cannot escape them even though it is applied in-process.
 */
import { lstatSync } from "node:fs";
import { nodeFileSystem, type PatchFileSystem } from "@codex/apply-patch";
import type { SandboxPolicy } from "@codex/protocol";
import { isPathWritable } from "../safety/writable-roots.ts";

export class WriteOutsideSandboxError extends Error {
  override name = "WriteOutsideSandboxError";
}

export function confinedFileSystem(options: { policy: SandboxPolicy; cwd: string }): PatchFileSystem {
  const check = (path: string) => {
    if (!isPathWritable(path, { policy: options.policy, cwd: options.cwd, env: process.env }))
      throw new WriteOutsideSandboxError(
        `${path} is outside the writable roots of the ${options.policy.mode} sandbox`,
      );
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat?.isFile() && stat.nlink > 1)
      throw new WriteOutsideSandboxError(
        `${path} is hard-linked elsewhere; refusing to write it inside the sandbox`,
      );
  };
  return {
    readFile: (path) => nodeFileSystem.readFile(path),
    async writeFile(path, contents) {
      check(path);
      await nodeFileSystem.writeFile(path, contents);
    },
    async createDirAll(path) {
      check(path);
      await nodeFileSystem.createDirAll(path);
    },
    async removeFile(path) {
      check(path);
      await nodeFileSystem.removeFile(path);
    },
  };
}
