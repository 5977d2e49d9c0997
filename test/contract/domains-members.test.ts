import * as members from '@wix/auto_sdk_members_members';
import { describe, expect, it } from 'vitest';
import { membersGet, membersSearch } from '#shared/wix/modules/members/members-search.ts';
import { contractOf, sdkRequests, withoutPathEchoes, wixflowRequests } from '../support/wix-oracle.ts';

const MEMBER_ID = '2d24cb8a-adcc-466a-ab59-fa74e0889a39';

describe('members modules against Wix’s SDK', () => {
  it('members.search sends what queryMembers sends, with search text and fieldsets', async () => {
    // Act
    const ours = await wixflowRequests(membersSearch, {
      filter: { status: 'APPROVED' },
      search: 'ada',
      sort: 'createdDate',
      order: 'desc',
      limit: 10,
    });
    const wix = await sdkRequests({ members }, (c) =>
      c.members
        .queryMembers({ search: { expression: 'ada' }, fieldsets: ['FULL'] })
        .eq('status', 'APPROVED')
        .descending('createdDate')
        .limit(10)
        .find(),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
  });

  it('members.get sends what getMember sends', async () => {
    // Act
    const ours = await wixflowRequests(membersGet, { memberId: MEMBER_ID });
    const wix = await sdkRequests({ members }, (c) =>
      c.members.getMember(MEMBER_ID, { fieldsets: ['FULL'] }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(withoutPathEchoes).map(contractOf));
  });
});
