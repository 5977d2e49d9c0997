// Published list prices the cost model applies (us-east-1, on-demand, no free tier), and the assumptions it needs
// beyond what a local run can measure. docs/benchmarks.md cites each source; re-read them when they change.

export const PRICES_READ_ON = '2026-11-25';

export const AWS_US_EAST_1 = {
  /** Lambda on Arm (Graviton), first 7.5 billion GB-s a month. https://aws.amazon.com/lambda/pricing/ */
  lambdaArmPerGbSecond: 0.0000133334,
  /** https://aws.amazon.com/lambda/pricing/ */
  lambdaPerMillionRequests: 0.2,
  /** Standard queue, per million requests (each 64 KB chunk of a payload is one request). https://aws.amazon.com/sqs/pricing/ */
  sqsPerMillionRequests: 0.4,
  /** On-demand, since the November 2024 price cut. https://aws.amazon.com/dynamodb/pricing/on-demand/ */
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
  /** HTTP API, first 300 million a month (metered in 512 KB increments). https://aws.amazon.com/api-gateway/pricing/ */
  httpApiPerMillionRequests: 1.0,
  /** https://aws.amazon.com/secrets-manager/pricing/ */
  secretsManagerPer10kCalls: 0.05,
  /** Logs ingested, standard class. https://aws.amazon.com/cloudwatch/pricing/ */
  cloudWatchLogsPerGbIngested: 0.5,
} as const;

/** Memory each function is deployed with (infra/stack.ts). */
export const LAMBDA_MEMORY_MB = { ingest: 256, consumer: 256 } as const;

/**
 * Lambda allocates CPU in proportion to memory: one full vCPU at 1,769 MB (AWS Lambda developer guide, "Configure
 * Lambda function memory"). CPU measured here on a full core is scaled by 1769 / memory below that.
 */
export const FULL_VCPU_MB = 1769;

/**
 * What the model adds to measured CPU for each remote call a handler waits on (a local run answers over loopback
 * in well under a millisecond). Assumptions, not measurements: DynamoDB's documented single-digit milliseconds,
 * in-region SQS and Secrets Manager round trips, and a typical REST call to www.wixapis.com.
 */
export const ASSUMED_LATENCY_MS = {
  dynamodb: 5,
  sqs: 10,
  secretsManager: 20,
  wix: 250,
} as const;

/** Lambda platform log lines per invocation (START, END, REPORT as JSON), in bytes; an estimate. */
export const PLATFORM_LOG_BYTES_PER_INVOCATION = 600;

/** List prices of the tools users leave for wixflow, per million of their billing unit. */
export const ALTERNATIVES = {
  make: {
    usdPerMillion: 759,
    unit: 'operations',
    basis:
      'Make Core at 150,000 operations a month for $113.85 (Make help centre, "Changing your subscription"); ' +
      'its entry tier, $9 a month for 10,000 billed annually, is $900 per million (Make help centre, "Extra operations").',
    sources: [
      'https://www.make.com/en/pricing',
      'https://www.make.com/en/help/general/changing-your-subscription--upgrading,-downgrading,-or-canceling-',
      'https://help.make.com/extra-operations',
    ],
  },
  zapier: {
    usdPerMillion: 26_653,
    unit: 'tasks',
    basis:
      'Zapier Professional at 750 tasks a month for $19.99 billed annually; tasks past the plan cost 1.25× the ' +
      'plan rate (Zapier help centre, "How pay-per-task billing works"). Larger tiers cost less per task.',
    sources: [
      'https://zapier.com/pricing',
      'https://help.zapier.com/hc/en-us/articles/15279018245901-How-pay-per-task-billing-works-in-Zapier',
    ],
  },
} as const;
