import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A plain DynamoDB client; `endpoint` points it at dynalite on the local stack. */
export function createDynamoClient(options: { endpoint?: string; region?: string } = {}): DynamoDBClient {
  const local = options.endpoint !== undefined;
  return new DynamoDBClient({
    ...(local
      ? {
          endpoint: options.endpoint,
          region: options.region ?? 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          // Every setting the SDK would otherwise look up in AWS_* variables and ~/.aws files, none of which
          // applies to dynalite: reading them costs each CLI start some 10 ms (docs/decisions/012-prebuilt-cli.md).
          accountIdEndpointMode: 'disabled',
          authSchemePreference: [],
          endpointDiscoveryEnabled: false,
          maxAttempts: 4,
          retryMode: 'standard',
          useDualstackEndpoint: false,
          useFipsEndpoint: false,
          userAgentAppId: 'wixflow-local',
          defaultsMode: 'legacy',
        }
      : options.region
        ? { region: options.region }
        : {}),
  });
}

/** A DynamoDB document client; `endpoint` points it at dynalite on the local stack. */
export function createDocumentClient(
  options: { endpoint?: string; region?: string } = {},
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoClient(options), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
