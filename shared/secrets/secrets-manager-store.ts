import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SecretStore } from './secret-store.ts';

/** Secrets Manager, with values cached per container for `ttlMs` so warm invocations make no call. */
export class SecretsManagerStore implements SecretStore {
  private readonly cache = new Map<string, { value: string | undefined; until: number }>();

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(id: string): Promise<string | undefined> {
    const hit = this.cache.get(id);
    if (hit && hit.until > this.now()) return hit.value;
    let value: string | undefined;
    try {
      value = (await this.client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException) && !isScheduledForDeletion(error)) throw error;
    }
    this.cache.set(id, { value, until: this.now() + this.ttlMs });
    return value;
  }

  async put(id: string, value: string): Promise<void> {
    try {
      await this.client.send(new PutSecretValueCommand({ SecretId: id, SecretString: value }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await this.client.send(new CreateSecretCommand({ Name: id, SecretString: value }));
    }
    this.cache.set(id, { value, until: this.now() + this.ttlMs });
  }

  async delete(id: string): Promise<void> {
    await this.client.send(new DeleteSecretCommand({ SecretId: id, RecoveryWindowInDays: 7 }));
    this.cache.delete(id);
  }

  /** Secrets scheduled for deletion are left out: they can no longer be read, only restored. */
  async list(prefix: string): Promise<string[]> {
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListSecretsCommand({
          ...(prefix === '' ? {} : { Filters: [{ Key: 'name', Values: [prefix] }] }),
          MaxResults: 100,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      for (const secret of page.SecretList ?? []) {
        // The name filter is a prefix match; checking again keeps the contract whatever it matched.
        if (secret.Name?.startsWith(prefix) && !secret.DeletedDate) ids.push(secret.Name);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return ids.sort();
  }
}

/**
 * Secrets Manager's answer for a secret scheduled for deletion (InvalidRequestException, "…marked for
 * deletion"): to a reader it is gone, as the CLI's `remove` promised.
 */
export function isScheduledForDeletion(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  return name === 'InvalidRequestException' && /marked for deletion/i.test(message ?? '');
}
