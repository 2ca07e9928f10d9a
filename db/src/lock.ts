import fs from 'node:fs'
import path from 'node:path'

/**
 * An exclusive, process-scoped lock on an embedded data folder. PGlite does not lock its
 * folder and two processes writing one folder corrupt it, so we do. The lock file holds the
 * owner's pid; a lock whose pid is no longer alive (a crash, kill -9) is stale and taken over.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The data folder ${dataDir} is in use by another process (pid ${ownerPid}). ` +
        `The embedded database serves one process only; stop that process, or use PostgreSQL (DATABASE_URL) to run several.`,
    )
    this.name = 'DataDirLockedError'
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, '.ms-lock')
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx')
      fs.writeSync(fd, String(process.pid))
      fs.closeSync(fd)
      let released = false
      const release = () => {
        if (released) return
        released = true
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file)
        } catch {
          /* already gone */
        }
      }
      process.once('exit', release)
      return release
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10)
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(dataDir, owner)
      }
      if (owner === process.pid) throw new DataDirLockedError(dataDir, owner)
      // Stale lock from a dead process: remove it and try again.
      fs.rmSync(file, { force: true })
    }
  }
  throw new Error(`Could not lock ${dataDir}`)
}
