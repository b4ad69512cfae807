/**
 * A PatchFileSystem that records writes and deletions in memory over a read-only base, so a patch
 * can be "applied" without touching disk (previews for approval prompts and file_change items).
 */
import type { PatchFileSystem } from "./file-system.ts";

const DELETED = Symbol("deleted");

export class OverlayFileSystem implements PatchFileSystem {
  private readonly base: PatchFileSystem;
  private readonly files = new Map<string, string | typeof DELETED>();

  constructor(base: PatchFileSystem) {
    this.base = base;
  }

  async readFile(path: string): Promise<string> {
    const entry = this.files.get(path);
    if (entry === DELETED) throw notFound();
    if (entry !== undefined) return entry;
    return this.base.readFile(path);
  }

  async writeFile(path: string, contents: string): Promise<void> {
    this.files.set(path, contents);
  }

  async createDirAll(_path: string): Promise<void> {}

  async removeFile(path: string): Promise<void> {
    // Reading proves it is an existing regular file (a directory or a missing path throws).
    await this.readFile(path);
    this.files.set(path, DELETED);
  }
}

function notFound(): Error {
  return Object.assign(new Error("ENOENT"), { code: "ENOENT", errno: -2 });
}
