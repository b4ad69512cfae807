/**
 * A content-addressed store of file contents (`<dir>/<id>`, the id git would give the content as a
 * blob), for putting files back on undo. Blobs are written to a temporary name and renamed, so a
 * blob that exists is complete; the same content is stored once however many turns have it. Using
 * git's ids lets a snapshot name a clean tracked file by its index entry without copying it.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The id git gives this content as a blob. */
export function gitBlobId(data: Uint8Array): string {
  return new Bun.CryptoHasher("sha1").update(`blob ${data.length}\0`).update(data).digest("hex");
}

export class BlobStore {
  constructor(readonly dir: string) {}

  /** Stores `data` (if not there yet) and returns its id. */
  put(data: Uint8Array): string {
    const id = gitBlobId(data);
    const path = join(this.dir, id);
    if (existsSync(path)) return id;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, path);
    return id;
  }

  /** The content stored under `id`; null when it is missing (the store was cleaned). */
  get(id: string): Buffer | null {
    try {
      const data = readFileSync(join(this.dir, id));
      return gitBlobId(data) === id ? data : null;
    } catch {
      return null;
    }
  }
}
