// Recordings as files under the data directory (the embedded default).
import { mkdir, readFile, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertRecordingPath } from "./paths";
import type { RecordingStore } from "./storage";

export function fileRecordingStore(dataDir: string): RecordingStore {
  const root = path.resolve(dataDir, "recordings");
  const fileOf = (key: string) => {
    assertRecordingPath(key);
    return path.join(root, key);
  };
  return {
    kind: "files",
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Its row is written after this resolves: a file cut short by a crash is never served.
      await writeFile(file, bytes);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(fileOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async remove(keys) {
      const dirs = new Set<string>();
      for (const key of keys) {
        const file = fileOf(key);
        await rm(file, { force: true });
        dirs.add(path.dirname(file));
      }
      // A conversation's folder goes with its last file (rmdir refuses one that is not empty).
      for (const dir of dirs) await rmdir(dir).catch(() => undefined);
    },
  };
}
