/**
 * All addresses bound to the signed-in user, with their mail and send counts. Sites allow a
 * handful per user (maxAddressCount, default 5), so the whole list is loaded, page by page,
 * up to a bound that keeps a huge role limit from turning one visit into thousands of calls.
 */
import { listBoundAddresses, type BoundAddress } from '../../api/user-api';
import { userCall } from '../../state/user-session';
import { useLoaded, type LoadState } from '../../state/use-loaded';

const PAGE = 100;
const MAX_PAGES = 10;

export interface BoundList {
  items: BoundAddress[];
  /** All bound addresses on the server (more than `items` past the bound). */
  count: number;
}

export async function loadBoundAddresses(): Promise<BoundList> {
  const items: BoundAddress[] = [];
  let count = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await userCall((token) =>
      listBoundAddresses(token, { limit: PAGE, offset: page * PAGE }),
    );
    // Only the first page carries the total (reference §0.4).
    if (page === 0) count = result.count;
    items.push(...result.results);
    if (result.results.length < PAGE || items.length >= count) break;
  }
  return { items, count };
}

export function useBoundAddresses(): [LoadState<BoundList>, () => void] {
  return useLoaded(loadBoundAddresses);
}
