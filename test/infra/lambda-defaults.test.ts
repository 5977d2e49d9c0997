import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { WixflowFunction } from '../../infra/constructs/lambda-defaults.ts';
import { PROJECT_ROOT } from '../../infra/stack.ts';
import { logicalId, propertiesOf } from './synth.ts';

let template: Template;
let fn: WixflowFunction;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Defaults');
  fn = new WixflowFunction(stack, 'Probe', {
    entry: `${PROJECT_ROOT}/functions/ingest/handler.ts`,
    projectRoot: PROJECT_ROOT,
    serviceName: 'wixflow-probe',
    description: 'probe',
    memorySize: 128,
    timeout: Duration.seconds(3),
    environment: { NODE_OPTIONS: '--enable-source-maps --max-old-space-size=100', EXTRA: 'kept' },
  });
  fn.addEnvironment('ADDED_LATER', 'also kept');
  template = Template.fromStack(stack);
});

describe('lambda defaults', () => {
  it("keeps the caller's environment over the defaults and sets nothing it does not read", () => {
    type Env = { Environment: { Variables: Record<string, string> } };

    const env = propertiesOf<Env>(template, 'AWS::Lambda::Function', logicalId(fn)).Environment.Variables;

    expect(env).toEqual({
      NODE_OPTIONS: '--enable-source-maps --max-old-space-size=100',
      EXTRA: 'kept',
      ADDED_LATER: 'also kept',
    });
  });

  it('creates the log group and role itself, so the function never gets a blanket logs policy', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    expect(propertiesOf(template, 'AWS::IAM::Role', logicalId(fn.role ?? fn))).not.toHaveProperty(
      'ManagedPolicyArns',
    );
  });
});
