/**
 * Rule secrets: values a rule uses but must not hold in plain text (a Slack webhook URL, an outside API's
 * key). Rules name them as `{{ secrets.NAME }}`; they live in the secret store beside connection
 * credentials, are read by the consumer at run time and are redacted from run records.
 */

/** A rule secret's name: a JSONata-friendly identifier, so `secrets.NAME` is a plain path. */
export const RULE_SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The folder of rule secrets in the secret store, under the stack's prefix. */
export const RULE_SECRETS_FOLDER = 'rule-secrets/';

/** Where the rule secret `name` lives in the secret store: `<prefix>rule-secrets/<name>`. */
export function ruleSecretId(prefix: string, name: string): string {
  return `${prefix}${RULE_SECRETS_FOLDER}${name}`;
}
