import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  DEFAULT_MAX_RECEIVES,
  DEFAULT_WIX_API_BASE_URL,
  WixflowStack,
  type WixflowStackProps,
} from './stack.ts';

/*
 * The wixflow CDK app: one stack, `Wixflow-<stage>`, checked by cdk-nag's AwsSolutions pack.
 *
 * Context keys (`npx cdk deploy -c key=value`, or the "context" block of cdk.json):
 *
 *   stage                Name of this deployment; the stack is `Wixflow-<stage>`, so several stages can
 *                        share one account and region. Letters, digits and "-". Default: dev.
 *   wixAppId             The Wix app's id (OAuth client id), from the Wix Dev Center. Required to deploy;
 *                        without it synth still works with a marked placeholder, prints a warning, and
 *                        CloudFormation refuses the deploy.
 *   wixAppPublicKey      The app's webhook public key (PEM text; "\n" escapes are accepted), or
 *   wixAppPublicKeyFile  a path to a PEM file holding it (relative to the working directory).
 *                        Not a secret. Required to deploy, like wixAppId.
 *   wixAppSecretArn      ARN of an existing Secrets Manager secret holding the Wix app secret (pass the
 *                        complete ARN, with its 6-character suffix). Unset: the stack creates the secret
 *                        with a generated placeholder value and outputs its ARN as AppSecretArn; store the
 *                        real value with `aws secretsmanager put-secret-value --secret-id <AppSecretArn>
 *                        --secret-string <app secret>`.
 *   wixApiBaseUrl        Wix REST base URL. Default: https://www.wixapis.com.
 *   maxReceives          Deliveries of one event before it moves to the dead-letter queue (the queue's
 *                        maxReceiveCount, WIXFLOW_MAX_RECEIVES for the consumer). Default: 5.
 *   publicUrl            The https base URL people reach the API at, when it sits behind a custom domain;
 *                        the install redirect URL is <publicUrl>/oauth/callback. Default: the API's own URL.
 *   wixInstallerUrl      Wix's consent screen of the install flow. Default:
 *                        https://www.wix.com/installer/install (change it only to point at a Wix sandbox).
 */

export interface WixflowConfig extends WixflowStackProps {
  readonly stage: string;
}

/** Reads and validates the context keys above; throws naming the key that is malformed. */
export function readWixflowConfig(app: App): WixflowConfig {
  const stage = optionalString(app, 'stage') ?? 'dev';
  if (!/^[A-Za-z][A-Za-z0-9-]{0,39}$/.test(stage)) {
    throw new Error(
      `Context "stage" must start with a letter and hold only letters, digits and "-": ${stage}`,
    );
  }
  const wixApiBaseUrl = optionalString(app, 'wixApiBaseUrl') ?? DEFAULT_WIX_API_BASE_URL;
  if (!URL.canParse(wixApiBaseUrl) || !/^https?:$/.test(new URL(wixApiBaseUrl).protocol)) {
    throw new Error(`Context "wixApiBaseUrl" is not an http(s) URL: ${wixApiBaseUrl}`);
  }
  return {
    stage,
    wixAppId: optionalString(app, 'wixAppId'),
    wixAppPublicKey: readPublicKey(app),
    wixAppSecretArn: optionalString(app, 'wixAppSecretArn'),
    wixApiBaseUrl,
    maxReceives: readMaxReceives(app),
    publicUrl: readUrl(app, 'publicUrl', /^https:$/),
    wixInstallerUrl: readUrl(app, 'wixInstallerUrl', /^https?:$/),
  };
}

/** Builds the wixflow stack into `app` and registers the cdk-nag AwsSolutions checks on it. */
export function createWixflowApp(app: App = new App()): { app: App; stack: WixflowStack } {
  const { stage, ...props } = readWixflowConfig(app);
  const stack = new WixflowStack(app, `Wixflow-${stage}`, {
    ...props,
    description: `wixflow (${stage}): Wix webhooks → SQS → rule engine → Wix REST API`,
  });
  Tags.of(stack).add('app', 'wixflow');
  Tags.of(stack).add('wixflow:stage', stage);
  // Synth fails on any AwsSolutions error that is not acknowledged on the construct it concerns.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

function optionalString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string, got ${typeof value}`);
  return value.trim();
}

/** An optional URL context key, without a trailing slash; throws naming the key when it is not one. */
function readUrl(app: App, key: string, protocol: RegExp): string | undefined {
  const value = optionalString(app, key);
  if (value === undefined) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !protocol.test(url.protocol) || url.search || url.hash) {
    throw new Error(
      `Context "${key}" must be an ${protocol.source.includes('?') ? 'http(s)' : 'https'} URL without query or fragment: ${value}`,
    );
  }
  return value.replace(/\/+$/, '');
}

function readMaxReceives(app: App): number {
  const raw: unknown = app.node.tryGetContext('maxReceives');
  if (raw === undefined || raw === null || raw === '') return DEFAULT_MAX_RECEIVES;
  const value = typeof raw === 'number' ? raw : Number(String(raw));
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw new Error(`Context "maxReceives" must be an integer from 1 to 1000, got ${String(raw)}`);
  }
  return value;
}

function readPublicKey(app: App): string | undefined {
  const inline = optionalString(app, 'wixAppPublicKey');
  const file = optionalString(app, 'wixAppPublicKeyFile');
  if (inline !== undefined && file !== undefined) {
    throw new Error('Set only one of the contexts "wixAppPublicKey" and "wixAppPublicKeyFile"');
  }
  const key =
    inline !== undefined ? inline.replaceAll('\\n', '\n') : file && readFileSync(resolve(file), 'utf8');
  if (key === undefined) return undefined;
  const source = inline !== undefined ? 'wixAppPublicKey' : 'wixAppPublicKeyFile';
  try {
    createPublicKey(key);
  } catch (error) {
    throw new Error(`Context "${source}" is not a PEM public key: ${(error as Error).message}`);
  }
  return key.trim();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  createWixflowApp();
}
