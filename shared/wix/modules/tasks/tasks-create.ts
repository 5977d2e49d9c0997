import * as z from 'zod';
import { defineModule } from '../action-module.ts';
import { id, moduleInput, text } from '../fields.ts';

/** An ISO 8601 date-time, normalised to UTC (what Wix's `dueDate` timestamps take). */
export const isoDate = (description: string) =>
  z
    .string({ error: () => 'must be an ISO date, e.g. 2026-12-24T09:00:00Z' })
    .trim()
    .transform((value, ctx) => {
      const ms = Date.parse(value);
      if (!Number.isFinite(ms)) {
        ctx.addIssue({ code: 'custom', message: 'must be an ISO date, e.g. 2026-12-24T09:00:00Z' });
        return z.NEVER;
      }
      return new Date(ms).toISOString();
    })
    .describe(description);

/** Create Task: `POST /crm/tasks/v2/tasks` with `{task}` (status ACTION_NEEDED, as Wix defaults it). */
export const tasksCreate = defineModule({
  name: 'tasks.create',
  makeModule: '(not in Make) Create a Task',
  description: 'Creates a CRM task for the site’s team, optionally about a contact (Manage Tasks scope).',
  input: moduleInput({
    title: text('what to do', 200),
    description: text('more detail', 1000).optional(),
    dueDate: isoDate('when it is due (ISO date-time)').optional(),
    contactId: id('the contact the task is about').optional(),
    assigneeId: id('the site collaborator (Wix user id) the task is assigned to').optional(),
  }),
  output: '{ task } — the new task, as Wix answers it.',
  async run(input, { wix }) {
    const { contactId, ...fields } = input;
    const task: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) task[key] = value;
    if (contactId !== undefined) task.contact = { id: contactId };
    const { body } = await wix.request({ method: 'POST', path: '/crm/tasks/v2/tasks', body: { task } });
    return body;
  },
});
