/** Which mails the reader has opened, per address, so the list can mark the others unread. */
import { createPersistedStore } from './store';

type Marks = Record<string, number[]>;

// The newest ids are the ones that matter; older marks fall off.
const MAX_PER_ADDRESS = 500;
const MAX_ADDRESSES = 50;

export const readMarks = createPersistedStore<Marks>('tmpmail.read', {}, (raw) =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Marks) : undefined,
);

export function isRead(marks: Marks, address: string, id: number): boolean {
  return marks[address]?.includes(id) ?? false;
}

export function markRead(address: string, id: number): void {
  const marks = readMarks.get();
  const ids = marks[address] ?? [];
  if (ids.includes(id)) return;
  const next: Marks = { ...marks, [address]: [id, ...ids].slice(0, MAX_PER_ADDRESS) };
  const addresses = Object.keys(next);
  if (addresses.length > MAX_ADDRESSES) delete next[addresses[0] ?? ''];
  readMarks.set(next);
}

export function forgetReadMarks(address: string): void {
  const { [address]: _gone, ...rest } = readMarks.get();
  readMarks.set(rest);
}
