import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { HttpError } from '#shared/http-error.ts';
import type { Logger } from '#shared/log.ts';
import {
  beginInstall,
  CALLBACK_PATH,
  completeInstall,
  INSTALL_PATH,
  type InstallFlowDeps,
} from '#shared/oauth/install-flow.ts';
import { htmlPage, PAGE_HEADERS } from '#shared/oauth/pages.ts';
import { requestLogger } from '#shared/observability/correlation.ts';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

/** The install routes' Lambda handler over its collaborators (the local stack passes its own). */
export function createOAuthHandler(deps: InstallFlowDeps) {
  const lambdaHandler = async (event: Event, context: Context): Promise<Result> => {
    const flow = { ...deps, log: requestLogger(deps.log, event, context) };
    const method = event.requestContext.http.method;
    const path = event.rawPath;
    const query = event.queryStringParameters ?? {};
    if (path !== INSTALL_PATH && path !== CALLBACK_PATH) {
      throw new HttpError(404, `There is no page at ${path}.`, 'not_found');
    }
    if (method !== 'GET')
      throw new HttpError(405, 'Install pages are opened with GET.', 'method_not_allowed');
    if (path === INSTALL_PATH) {
      return {
        statusCode: 302,
        headers: { location: await beginInstall(query, flow), ...PAGE_HEADERS },
        body: '',
      };
    }
    const { connection } = await completeInstall(query, flow);
    return htmlPage(200, 'wixflow is connected to your Wix site', [
      `Connection \`${connection.id}\` now acts for this site (app instance \`${connection.instanceId}\`${
        connection.siteId ? `, site \`${connection.siteId}\`` : ''
      }).`,
      `Rules whose connection is \`${connection.id}\` or \`*\` run on this site's events from now on.`,
      'You can close this window.',
    ]);
  };
  return middy<Event, Result>().use(installErrorPages(deps.log)).handler(lambdaHandler);
}

/** Renders every failure as an HTML page a person can read: HttpError with its reason, anything else as 500. */
function installErrorPages(rootLog: Logger): MiddlewareObj<Event, Result> {
  return {
    onError: async (request) => {
      const { error } = request;
      const log = requestLogger(rootLog, request.event, request.context);
      if (error instanceof HttpError) {
        log.warn('install request refused', {
          status: error.statusCode,
          code: error.code,
          reason: error.message,
        });
        request.response = htmlPage(error.statusCode, 'The Wix install did not complete', [error.message]);
        return;
      }
      log.error('install request failed', { error });
      request.response = htmlPage(500, 'The Wix install did not complete', [
        'Something went wrong on the wixflow side. Try again in a moment; the wixflow logs have the details.',
      ]);
    },
  };
}
