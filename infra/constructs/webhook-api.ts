import { Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  type HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface WebhookApiProps {
  /** Serves the webhook and health routes: it verifies the Wix signature itself. */
  readonly ingest: IFunction;
  /** Serves the app install routes (`GET /oauth/install`, `GET /oauth/callback`). */
  readonly oauth?: IFunction;
  /** Serves `POST /webhooks/automations/{token}`: what wixflow's hidden Wix automations post. */
  readonly automationsIngest?: IFunction;
  /** Steady-state requests per second across the API. @default 100 */
  readonly rateLimit?: number;
  /** @default 200 */
  readonly burstLimit?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/** The install pages are opened by people, a few a minute at most; they call Wix, so they get a tight limit. */
export const INSTALL_ROUTE_THROTTLE = { rateLimit: 5, burstLimit: 10 } as const;

/**
 * The public HTTP API: `POST /webhooks/wix` and `GET /health` on the ingest function, and the app install
 * flow (`GET /oauth/install`, `GET /oauth/callback`) on the oauth function.
 */
export class WebhookApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** The URL to register as the Wix app's webhook callback. */
  readonly webhookUrl: string;
  readonly healthUrl: string;
  /** The API's base URL without a trailing slash. */
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: WebhookApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      // A label only (API names need not be unique); the stack name tells stages apart in the console.
      apiName: `${Stack.of(this).stackName}-webhooks`,
      description: 'wixflow: Wix webhooks, app installs and health check',
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 100, burstLimit: props.burstLimit ?? 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // Request metadata only: the body is a signed JWT carrying customer data. `requestId` is also on the
        // function's log lines, and `awsRequestId` is the Lambda invocation's: the two tie a request together.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            awsRequestId: '$context.integration.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            // The route key (`POST /webhooks/automations/{token}`), never the path: the path holds a secret.
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationStatus: '$context.integration.status',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            error: '$context.error.message',
          }),
        ),
      },
    });

    const ingest = new HttpLambdaIntegration('Ingest', props.ingest, {
      payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
    });
    const [webhookRoute] = this.api.addRoutes({
      path: '/webhooks/wix',
      methods: [HttpMethod.POST],
      integration: ingest,
    });
    const [healthRoute] = this.api.addRoutes({
      path: '/health',
      methods: [HttpMethod.GET],
      integration: ingest,
    });
    if (webhookRoute) {
      Validations.of(webhookRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Wix cannot present API Gateway credentials. Every webhook body is a JWT signed by Wix ' +
          '(RS256); the ingest function verifies it against the app public key and rejects with 401 ' +
          'before anything is queued.',
      });
    }
    if (healthRoute) {
      Validations.of(healthRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The health check is public by design (uptime monitors); it returns no data and has no effects.',
      });
    }

    if (props.automationsIngest) {
      const [route] = this.api.addRoutes({
        path: '/webhooks/automations/{token}',
        methods: [HttpMethod.POST],
        integration: new HttpLambdaIntegration('AutomationsIngest', props.automationsIngest, {
          payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
        }),
      });
      if (route) {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            "Wix's automation webhook action cannot sign requests or send headers (docs/decisions/013): the " +
            'unguessable 256-bit token in the path is the credential. The function answers 401 to an unknown or ' +
            'retired token before anything is queued, and access logs record the route key, never the path.',
        });
      }
    }

    if (props.oauth) {
      const oauth = new HttpLambdaIntegration('OAuth', props.oauth, {
        payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
      });
      const installRoutes = new Map<string, HttpRoute>();
      for (const path of ['/oauth/install', '/oauth/callback']) {
        const [route] = this.api.addRoutes({ path, methods: [HttpMethod.GET], integration: oauth });
        if (route) {
          installRoutes.set(`GET ${path}`, route);
          Validations.of(route).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason:
              'The install pages are opened by the browser of a Wix site owner, who has no API Gateway ' +
              'credentials. The callback refuses a missing, forged or expired signed state before exchanging ' +
              'anything, and confirms the installation with Wix.',
          });
        }
      }
      this.throttleRoutes(installRoutes, INSTALL_ROUTE_THROTTLE);
    }

    this.publicUrl = `https://${this.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
    this.webhookUrl = `${this.stage.url}webhooks/wix`;
    this.healthUrl = `${this.stage.url}health`;
  }

  /** Route-level limits on top of the stage's (the stage setting stays the default of every other route). */
  private throttleRoutes(
    routes: ReadonlyMap<string, HttpRoute>,
    limit: { rateLimit: number; burstLimit: number },
  ): void {
    const stage = this.stage.node.defaultChild as CfnStage;
    const settings: Record<string, unknown> = {};
    for (const [routeKey, route] of routes) {
      settings[routeKey] = {
        ThrottlingRateLimit: limit.rateLimit,
        ThrottlingBurstLimit: limit.burstLimit,
      };
      // A stage can only name routes that exist already.
      stage.node.addDependency(route);
    }
    stage.routeSettings = settings;
  }
}
