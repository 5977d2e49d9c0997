import { HttpError } from '#shared/http-error.ts';
import { type Connection, type ConnectionStore, freeConnectionId } from '#shared/store/connections.ts';

/**
 * The connection an install authorises: the instance's existing app connection (there is one per site),
 * else the one the install link named, else a free `site-…` id. Throws HttpError 409 when the named id is
 * another site's, or an API key connection.
 */
export async function targetConnection(
  instanceId: string,
  requested: string | undefined,
  connections: ConnectionStore,
): Promise<{ id: string; previous: Connection | undefined }> {
  const existing = (await connections.findByInstanceId(instanceId)).find((c) => c.auth.kind !== 'apiKey');
  if (existing) return { id: existing.id, previous: existing };
  const id = requested ?? (await freeConnectionId(connections, instanceId));
  const previous = await connections.get(id);
  if (previous && (previous.instanceId !== instanceId || previous.auth.kind === 'apiKey')) {
    throw new HttpError(
      409,
      previous.instanceId !== instanceId
        ? `Connection "${id}" already belongs to another Wix site. Nothing was installed; choose another name.`
        : `Connection "${id}" uses an API key. Nothing was installed; remove it first or choose another name.`,
      'connection_conflict',
    );
  }
  return { id, previous };
}
