import type { Logger } from '#shared/log.ts';

/** The parts of an API Gateway (payload 2.0) event and a Lambda context that identify one request. */
export interface RequestIdentity {
  requestContext?: { requestId?: string };
}
export interface InvocationIdentity {
  awsRequestId?: string;
}

/**
 * A logger whose lines carry the request's correlation ids: `requestId` (API Gateway's, also in the access
 * log) and `awsRequestId` (the Lambda invocation's, also in its REPORT line and X-Ray trace).
 */
export function requestLogger(log: Logger, event: RequestIdentity, context?: InvocationIdentity): Logger {
  return log.child({
    ...(event.requestContext?.requestId ? { requestId: event.requestContext.requestId } : {}),
    ...(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {}),
  });
}

/** A logger whose lines carry the Lambda invocation id (`awsRequestId`), when there is one. */
export function invocationLogger(log: Logger, context?: InvocationIdentity): Logger {
  return context?.awsRequestId ? log.child({ awsRequestId: context.awsRequestId }) : log;
}
