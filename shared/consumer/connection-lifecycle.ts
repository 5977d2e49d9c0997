import type { Logger } from '#shared/log.ts';
import { type Connection, type ConnectionStore, freeConnectionId } from '#shared/store/connections.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';

export const APP_INSTALLED = 'AppInstalled';
export const APP_REMOVED = 'AppRemoved';

/** Whether the event installs or removes the app (and so changes the instance's connections). */
export const isLifecycleEvent = (event: Pick<WixEvent, 'eventType'>): boolean =>
  event.eventType === APP_INSTALLED || event.eventType === APP_REMOVED;

/**
 * Keeps connections in step with the app's installations: `AppInstalled` creates (or re-enables) a
 * client-credentials connection for the new instance when the Wix app's credentials are configured;
 * `AppRemoved` disables the instance's connections so their rules stop running.
 */
export async function applyConnectionLifecycle(
  event: WixEvent,
  deps: { connections: ConnectionStore; appConfigured: boolean; log: Logger; now?: () => Date },
): Promise<void> {
  if (!isLifecycleEvent(event)) return;
  if (!event.instanceId) return;
  const now = (deps.now?.() ?? new Date()).toISOString();
  const existing = await deps.connections.findByInstanceId(event.instanceId);
  if (event.eventType === APP_REMOVED) {
    for (const connection of existing.filter((c) => c.status === 'active')) {
      await deps.connections.put({ ...connection, status: 'disabled', updatedAt: now });
      deps.log.info('connection disabled: the app was removed from the site', {
        connectionId: connection.id,
      });
    }
    return;
  }
  if (existing.length > 0) {
    for (const connection of existing.filter((c) => c.status === 'disabled')) {
      await deps.connections.put({ ...connection, status: 'active', updatedAt: now });
      deps.log.info('connection re-enabled: the app was installed again', { connectionId: connection.id });
    }
    return;
  }
  if (!deps.appConfigured) {
    deps.log.warn(
      'app installed on a new site, but no Wix app secret is configured; add the connection by hand',
      {
        instanceId: event.instanceId,
      },
    );
    return;
  }
  const connection: Connection = {
    id: await freeConnectionId(deps.connections, event.instanceId),
    instanceId: event.instanceId,
    auth: { kind: 'oauth' },
    status: 'active',
    createdAt: now,
    updatedAt: now,
  };
  // A conditional create: an install finishing through /oauth/callback at the same moment keeps its connection.
  if (await deps.connections.create(connection)) {
    deps.log.info('connection created for a new installation', { connectionId: connection.id });
  }
}
