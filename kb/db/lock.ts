// An exclusive lock on the embedded data folder: PGlite does no locking of its own,
// and two processes writing one folder corrupt it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type FolderLock = { path: string; release: () => void };

type Holder = { pid: number; host: string; startedAt: string; command: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(lockPath: string): Holder | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8")) as Holder;
  } catch {
    return null;
  }
}

/** Takes the lock or throws an error naming the process that holds it. Stale locks (dead holder) are replaced. */
export function lockDataFolder(dataDir: string): FolderLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(path.resolve(dataDir), "..", `${path.basename(path.resolve(dataDir))}.lock`);
  const me: Holder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), command: process.argv.slice(1).join(" ") };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, JSON.stringify(me));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const holder = readHolder(lockPath);
        if (holder?.pid === process.pid) fs.rmSync(lockPath, { force: true });
        process.off("exit", release);
      };
      process.on("exit", release);
      return { path: lockPath, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new Error(`Cannot create the lock file ${lockPath}: check that the folder is writable`, { cause: err });
      }
      const holder = readHolder(lockPath);
      const sameHost = !holder || holder.host === os.hostname();
      if (holder && (!sameHost || isAlive(holder.pid)) && holder.pid !== process.pid) {
        throw new Error(
          `The embedded database in ${path.resolve(dataDir)} is in use by process ${holder.pid} on ${holder.host} ` +
            `(started ${holder.startedAt}: ${holder.command}). Stop that process, point KEEL_DATA_DIR at another folder, ` +
            `or share one database by setting DATABASE_URL.`,
        );
      }
      if (holder?.pid === process.pid) {
        throw new Error(`The embedded database in ${path.resolve(dataDir)} is already open in this process: reuse that connection.`);
      }
      // The holder is gone: the lock is stale.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath} after removing a stale one: another process is starting on the same folder.`);
}
