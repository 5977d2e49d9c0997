import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { App, type AppProps, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { createWixflowApp } from '../../infra/app.ts';
import type { WixflowStack } from '../../infra/stack.ts';
import { tempDir } from '../support/temp.ts';

/** A fresh RSA public key in PEM, like the one the Wix Dev Center shows for an app. */
export const TEST_PUBLIC_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

/** A fully configured deployment: every context key the stack needs to be deployable. */
export const DEPLOYABLE_CONTEXT = {
  stage: 'test',
  wixAppId: '2f6b1c4e-0000-4000-8000-0123456789ab',
  wixAppPublicKey: TEST_PUBLIC_KEY,
} as const;

export interface SynthOptions {
  /** Bundle the functions with esbuild (slow-ish); otherwise CDK skips bundling. */
  readonly bundle?: boolean;
}

export interface Synthesized {
  readonly app: App;
  readonly stack: WixflowStack;
  readonly template: Template;
}

/** A CDK App that synthesizes into a temp folder removed after the test file (CDK's default leaves `cdk.out*`). */
export function testApp(props: AppProps = {}): App {
  return new App({ outdir: tempDir('cdk.out-'), ...props });
}

/** Builds the app exactly as `cdk synth` does (cdk.json feature flags, cdk-nag) with `context` added. */
export function synthWixflow(context: Record<string, unknown>, options: SynthOptions = {}): Synthesized {
  const app = testApp({
    context: {
      ...cdkJsonContext(),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
  const { stack } = createWixflowApp(app);
  return { app, stack, template: Template.fromStack(stack) };
}

function cdkJsonContext(): Record<string, unknown> {
  const cdkJson: unknown = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
  if (typeof cdkJson !== 'object' || cdkJson === null || !('context' in cdkJson)) return {};
  return cdkJson.context as Record<string, unknown>;
}

/** The logical id CloudFormation knows `construct` (or its default child) by. */
export function logicalId(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

interface PolicyResource {
  readonly Properties: {
    readonly PolicyDocument: { readonly Statement: PolicyStatement[] };
    readonly Roles: { Ref: string }[];
  };
}

/** Every statement of every IAM policy attached to the role with logical id `roleId`. */
export function statementsOfRole(template: Template, roleId: string): PolicyStatement[] {
  const policies = Object.values(
    template.findResources('AWS::IAM::Policy') as Record<string, PolicyResource>,
  );
  return policies
    .filter((policy) => policy.Properties.Roles.some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** Every IAM policy statement in the template. */
export function allStatements(template: Template): PolicyStatement[] {
  const policies = Object.values(
    template.findResources('AWS::IAM::Policy') as Record<string, PolicyResource>,
  );
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

export function actionsOf(statement: PolicyStatement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The Properties of resource `id` of CloudFormation type `type`; throws when there is no such resource. */
export function propertiesOf<T = Record<string, unknown>>(template: Template, type: string, id: string): T {
  const resource = template.findResources(type)[id];
  if (resource === undefined) throw new Error(`no ${type} with logical id ${id} in the template`);
  return (resource.Properties ?? {}) as T;
}

/** The ARN pattern of every secret under `<prefix>folder/` of the test stack (Wixflow-test), as CDK renders it. */
export const secretsUnder = (folder: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':secretsmanager:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:secret:wixflow/Wixflow-test/${folder}/*`,
    ],
  ],
});

/** The one statement that lets a role read rule secrets. */
export const READ_RULE_SECRETS = {
  Effect: 'Allow',
  Action: 'secretsmanager:GetSecretValue',
  Resource: secretsUnder('rule-secrets'),
};
