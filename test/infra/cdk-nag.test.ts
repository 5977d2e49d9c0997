import { type App, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYABLE_CONTEXT, synthWixflow } from './synth.ts';

const IMPORTED_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:wixflow/app-AbC123';
const IMPORTED_KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function findingsOf(root: IConstruct): string[] {
  const report = new AwsSolutionsChecks().validateScope(root);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`),
  );
}

function acknowledgementsOf(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        // CDK stores ids without a known prefix as "Annotation::<id>"; cdk-nag strips it the same way.
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

let deployable: App;

beforeAll(() => {
  deployable = synthWixflow(DEPLOYABLE_CONTEXT).app;
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding, error or warning, for a deployable configuration', () => {
    expect(findingsOf(deployable)).toEqual([]);
  });

  it.each([
    [
      'an imported app secret and another stage',
      { ...DEPLOYABLE_CONTEXT, stage: 'prod', wixAppSecretArn: IMPORTED_SECRET_ARN },
    ],
    ['the synth-only placeholders', { stage: 'dev' }],
    [
      'a customer managed key and an alarm email',
      { ...DEPLOYABLE_CONTEXT, customerManagedKey: 'true', alarmEmail: 'ops@example.com' },
    ],
    ['an existing customer managed key', { ...DEPLOYABLE_CONTEXT, kmsKeyArn: IMPORTED_KEY_ARN }],
  ])('reports no unacknowledged finding for %s', (_name, context) => {
    const { app } = synthWixflow(context);

    expect(findingsOf(app)).toEqual([]);
  });

  it('fails synthesis when a construct breaks a rule without an acknowledgement', () => {
    const { app, stack } = synthWixflow(DEPLOYABLE_CONTEXT);
    new Queue(stack, 'Careless', { encryption: QueueEncryption.UNENCRYPTED });

    expect(() => app.synth({ force: true })).toThrow(/AwsSolutions-SQS3/);
  });

  it('acknowledges only AwsSolutions rules, each on a single construct with a written reason', () => {
    const acknowledgements = acknowledgementsOf(deployable);

    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const ack of acknowledgements) {
      expect(ack.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(ack.path).not.toBe('Wixflow-test');
      expect(ack.reason.length, `reason for ${ack.id} at ${ack.path}`).toBeGreaterThan(60);
    }
  });
});
