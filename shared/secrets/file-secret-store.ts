import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SecretStore } from './secret-store.ts';

/** Secrets in one JSON file readable by its owner only (mode 0600); the local stack's Secrets Manager. */
export class FileSecretStore implements SecretStore {
  /** Read-modify-write cycles run one at a time, so two writes in one process never drop each other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly path: string) {}

  async get(id: string): Promise<string | undefined> {
    return (await this.read())[id];
  }

  put(id: string, value: string): Promise<void> {
    return this.serially(async () => {
      const all = await this.read();
      all[id] = value;
      await this.write(all);
    });
  }

  delete(id: string): Promise<void> {
    return this.serially(async () => {
      const all = await this.read();
      if (!(id in all)) return;
      delete all[id];
      await this.write(all);
    });
  }

  async list(prefix: string): Promise<string[]> {
    return Object.keys(await this.read())
      .filter((id) => id.startsWith(prefix))
      .sort();
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`cannot read the secret store ${this.path}: ${(error as Error).message}`);
    }
  }

  private async write(all: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.path);
  }
}
