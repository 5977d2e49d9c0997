import { defineModule } from '../action-module.ts';
import { boolean, id, moduleInput, text } from '../fields.ts';
import { textToRichContent } from './rich-content.ts';

/**
 * Create Draft Post: `POST /blog/v3/draft-posts` with `{draftPost: {title, richContent, memberId?}, publish}`;
 * `publish: true` creates and publishes in one call, as Wix's SDK offers.
 */
export const blogCreatePost = defineModule({
  name: 'blog.createPost',
  makeModule: '(not in Make) Create a Blog Post',
  description:
    'Writes a blog post from plain text (blank lines start paragraphs), as a draft or published (Manage Blog scope).',
  input: moduleInput({
    title: text('the post’s title', 200),
    text: text('the post’s text; blank lines separate paragraphs', 100_000),
    publish: boolean('publish it now (default false: a draft)').optional(),
    memberId: id('the author’s member id (Wix requires one when an app writes the post)').optional(),
  }),
  output: '{ draftPost } — the draft, with `status` PUBLISHED when published.',
  async run(input, { wix }) {
    const { body } = await wix.request({
      method: 'POST',
      path: '/blog/v3/draft-posts',
      body: {
        draftPost: {
          title: input.title,
          richContent: textToRichContent(input.text),
          ...(input.memberId === undefined ? {} : { memberId: input.memberId }),
        },
        publish: input.publish ?? false,
      },
    });
    return body;
  },
});
