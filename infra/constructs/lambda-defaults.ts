import { type Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** What CDK's DynamoDB read-write grants allow on a table's customer managed key. */
export const DYNAMODB_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
] as const;

/**
 * What a function may do with a table: CDK's read or read-write grant, or exactly these DynamoDB actions
 * (with the table's customer managed key, when it has one, as the read-write grant gives it).
 */
export type TableAccess = 'read' | 'readWrite' | readonly `dynamodb:${string}`[];

export interface WixflowFunctionProps {
  /** Absolute path of the handler file; it must export `handler`. */
  readonly entry: string;
  /** Absolute path of the project root (the folder holding package.json and package-lock.json). */
  readonly projectRoot: string;
  /** Names the function in its role's description, e.g. `wixflow-consumer`. */
  readonly serviceName: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Merged over the defaults: a caller's value always wins. */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/**
 * Every wixflow Lambda: Node.js 24 on arm64, ESM bundle built by the local esbuild (no Docker),
 * source maps, X-Ray, and a role that can write only to the function's own log group.
 */
export class WixflowFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: WixflowFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: that managed policy allows
    // logs:CreateLogGroup and PutLogEvents on every log group in the account.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the wixflow ${props.serviceName} function`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      awsSdkConnectionReuse: false,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        // The code stays Node 20 compatible: the local stack and the tests run on Node 20.
        target: 'node24',
        platform: 'node',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Bundle the SDK rather than use the runtime's copy: pinned by our lockfile, tree-shaken, one file.
        bundleAwsSDK: true,
        externalModules: [],
        // Some CommonJS dependencies call require() for Node built-ins; ESM output has no require.
        banner:
          "import { createRequire as __wixflowCreateRequire } from 'node:module'; " +
          'const require = __wixflowCreateRequire(import.meta.url);',
        forceDockerBundling: false,
      },
    });

    // The role's default policy exists by now: the log group grant above created it.
    Validations.of(role.node.findChild('DefaultPolicy')).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; ' +
        'Tracing.ACTIVE adds exactly these two actions on "*" (test/infra checks nothing else is on "*").',
    });
  }

  /**
   * Grants this function `access` to `table` and names the table in its environment as `envName`: one
   * call, so a function never gets a table's name without its grant or a grant it is never told about.
   */
  useTable(table: ITable, access: TableAccess, envName: string): void {
    if (access === 'read') table.grantReadData(this);
    else if (access === 'readWrite') table.grantReadWriteData(this);
    else {
      table.grant(this, ...access);
      // Table.grant() leaves the table's key out: the key actions CDK's table grants give.
      table.encryptionKey?.grant(this, ...DYNAMODB_KEY_ACTIONS);
    }
    this.addEnvironment(envName, table.tableName);
  }
}
