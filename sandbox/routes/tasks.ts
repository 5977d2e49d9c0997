import { domainsOf } from '../domains.ts';
import { invalidField } from '../errors.ts';
import { asEntity, type Entity } from '../fixtures.ts';
import { existing, getRoute, modernQueryPage } from '../modern-query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';
import { newId } from '../state.ts';

const STATUSES = new Set(['ACTION_NEEDED', 'COMPLETED']);

/** `POST /crm/tasks/v2/tasks`: `task.title` or `task.description` required; the contact, if named, must exist. */
function createTask(ctx: ApiContext) {
  const task = asEntity(asEntity(ctx.body).task);
  if (asEntity(ctx.body).task === undefined) throw invalidField('task', 'task is required', 'REQUIRED_FIELD');
  if (typeof task.title !== 'string' && typeof task.description !== 'string')
    throw invalidField('task.title', 'a task needs a title or a description', 'REQUIRED_FIELD');
  if (task.dueDate !== undefined && !Number.isFinite(Date.parse(String(task.dueDate))))
    throw invalidField('task.dueDate', 'must be an ISO date-time', 'FORMAT');
  if (task.status !== undefined && !STATUSES.has(String(task.status)))
    throw invalidField('task.status', 'must be ACTION_NEEDED or COMPLETED');
  const contactId = asEntity(task.contact).id;
  let contact: Entity | undefined;
  if (contactId !== undefined) {
    const known = existing(ctx.site.contacts, String(contactId), 'Contact');
    const info = asEntity(known.info);
    const name = asEntity(info.name);
    const primary = asEntity(known.primaryInfo);
    contact = {
      id: contactId,
      ...(name.first === undefined ? {} : { firstName: name.first }),
      ...(name.last === undefined ? {} : { lastName: name.last }),
      ...(primary.email === undefined ? {} : { email: primary.email }),
      ...(primary.phone === undefined ? {} : { phone: primary.phone }),
    };
  }
  const stamp = ctx.now.toISOString();
  const created: Entity = {
    ...task,
    id: newId(),
    revision: '1',
    createdDate: stamp,
    updatedDate: stamp,
    status: task.status ?? 'ACTION_NEEDED',
    source: { sourceType: 'APP', appId: ctx.state.appId },
    ...(contact === undefined ? {} : { contact }),
  };
  domainsOf(ctx.site).tasks.set(String(created.id), created);
  return { body: { task: structuredClone(created) } };
}

/** `POST /crm/tasks/v2/tasks/query`: cursor paging (default 50, max 100), newest first. */
function queryTasks(ctx: ApiContext) {
  const { items, pagingMetadata } = modernQueryPage(
    [...domainsOf(ctx.site).tasks.values()],
    asEntity(ctx.body).query,
    {
      field: 'query',
      defaultLimit: 50,
      maxLimit: 100,
      defaultSort: [{ field: 'createdDate', order: 'DESC' }],
    },
  );
  return { body: { tasks: items, pagingMetadata } };
}

/** CRM Tasks v2. */
export const taskRoutes: ApiRoute[] = [
  { method: 'POST', path: '/crm/tasks/v2/tasks/query', handler: queryTasks },
  { method: 'POST', path: '/crm/tasks/v2/tasks', handler: createTask },
  getRoute('/crm/tasks/v2/tasks/:taskId', 'task', 'Task', (ctx) => domainsOf(ctx.site).tasks),
];
