import * as guests from '@wix/auto_sdk_events_guests';
import * as events from '@wix/auto_sdk_events_wix-events-v-2';
import { describe, expect, it } from 'vitest';
import { eventGuestsSearch } from '#shared/wix/modules/event-guests/event-guests-search.ts';
import { eventsGet, eventsSearch } from '#shared/wix/modules/events/events-search.ts';
import { onPublicPath } from '../support/sdk-paths.ts';
import { contractOf, sdkRequests, withoutPathEchoes, wixflowRequests } from '../support/wix-oracle.ts';

const EVENT_ID = '3d3d5c04-ece0-45a8-85f0-11a56e4f1ee6';

describe('events and guests modules against Wix’s SDK', () => {
  it('events.search sends what queryEvents sends', async () => {
    // Act
    const ours = await wixflowRequests(eventsSearch, { filter: { status: 'UPCOMING' }, limit: 5 });
    const wix = await sdkRequests({ events }, (c) =>
      c.events.queryEvents().eq('status', 'UPCOMING').limit(5).find(),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
  });

  it('events.get sends what getEvent sends', async () => {
    // Act
    const ours = await wixflowRequests(eventsGet, { eventId: EVENT_ID });
    const wix = await sdkRequests({ events }, (c) => c.events.getEvent(EVENT_ID));
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(withoutPathEchoes).map(contractOf));
  });

  it('eventGuests.search sends what queryGuests sends, on the documented path', async () => {
    // Act
    const ours = await wixflowRequests(eventGuestsSearch, { eventId: EVENT_ID, limit: 5 });
    const wix = await sdkRequests({ guests }, (c) =>
      c.guests
        .queryGuests({ fields: ['GUEST_DETAILS'] })
        .eq('eventId', EVENT_ID)
        .limit(5)
        .find(),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(
      wix.map((r) => onPublicPath(r, '/events/v2/guests', '/events-guests/v2/guests')).map(contractOf),
    );
  });
});
