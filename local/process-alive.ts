/**
 * Whether a process with this id runs (one another user owns counts): how a reader of `endpoints.json` tells a
 * running local stack from one that died without removing the file. Imports nothing, so the CLI's thin client
 * (cli/served.ts) can use it.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
