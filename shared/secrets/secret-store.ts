/** Where credentials live: Secrets Manager on AWS, a 0600 file on the local stack. Values never leave it in logs. */
export interface SecretStore {
  /** The secret's value, or undefined when there is no such secret. */
  get(id: string): Promise<string | undefined>;
  put(id: string, value: string): Promise<void>;
  delete(id: string): Promise<void>;
  /** The ids of the stored secrets that start with `prefix`, sorted; never their values. */
  list(prefix: string): Promise<string[]>;
}
