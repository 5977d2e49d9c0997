import { domainsOf } from '../domains.ts';
import { invalidField } from '../errors.ts';
import { asEntity, type Entity } from '../fixtures.ts';
import { existing, getRoute } from '../modern-query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';
import { newId } from '../state.ts';

const slug = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** Publishes a draft: the post gets the draft's id, as Wix's Publish Draft Post example answers `postId` = draft id. */
function publish(ctx: ApiContext, draft: Entity): string {
  const stamp = ctx.now.toISOString();
  const postId = String(draft.id);
  const known = domainsOf(ctx.site).posts.get(postId);
  const { status: _status, hasUnpublishedChanges: _changes, editingSessionId: _session, ...content } = draft;
  domainsOf(ctx.site).posts.set(postId, {
    ...content,
    id: postId,
    slug: slug(String(draft.title)),
    firstPublishedDate: known?.firstPublishedDate ?? stamp,
    lastPublishedDate: stamp,
  });
  draft.status = 'PUBLISHED';
  draft.hasUnpublishedChanges = false;
  draft.firstPublishedDate = draft.firstPublishedDate ?? stamp;
  return postId;
}

/** `POST /blog/v3/draft-posts`: `draftPost.title` required (also when publishing); `publish: true` publishes it too. */
function createDraftPost(ctx: ApiContext) {
  const body = asEntity(ctx.body);
  if (body.draftPost === undefined)
    throw invalidField('draftPost', 'draftPost is required', 'REQUIRED_FIELD');
  const fields = asEntity(body.draftPost);
  if (typeof fields.title !== 'string' || !fields.title.trim())
    throw invalidField('draftPost.title', 'title is required', 'REQUIRED_FIELD');
  if (fields.title.length > 200)
    throw invalidField('draftPost.title', 'must be at most 200 characters', 'MAX_LENGTH');
  if (fields.richContent !== undefined && !Array.isArray(asEntity(fields.richContent).nodes))
    throw invalidField('draftPost.richContent.nodes', 'rich content must have nodes', 'FORMAT');
  if (fields.memberId !== undefined) existing(domainsOf(ctx.site).members, String(fields.memberId), 'Member');
  const stamp = ctx.now.toISOString();
  const draft: Entity = {
    featured: false,
    categoryIds: [],
    hashtags: [],
    commentingEnabled: true,
    tagIds: [],
    language: 'en',
    ...fields,
    id: newId(),
    status: 'UNPUBLISHED',
    hasUnpublishedChanges: true,
    editedDate: stamp,
    createdDate: stamp,
  };
  domainsOf(ctx.site).draftPosts.set(String(draft.id), draft);
  if (body.publish === true) publish(ctx, draft);
  return { body: { draftPost: structuredClone(draft) } };
}

/** Blog V3: create (and publish) draft posts, publish a draft, get a post. */
export const blogRoutes: ApiRoute[] = [
  { method: 'POST', path: '/blog/v3/draft-posts', handler: createDraftPost },
  {
    method: 'POST',
    path: '/blog/v3/draft-posts/:draftPostId/publish',
    handler: (ctx) => ({
      body: {
        postId: publish(ctx, existing(domainsOf(ctx.site).draftPosts, ctx.params.draftPostId, 'DraftPost')),
      },
    }),
  },
  getRoute('/blog/v3/posts/:postId', 'post', 'Post', (ctx) => domainsOf(ctx.site).posts),
];
