/**
 * The addresses this browser holds: each with its credential (and its password, when the
 * server gave one), and which one is open. Kept in localStorage; mail content never sees it,
 * since mail HTML renders in a sandboxed frame of another origin.
 */
import { createPersistedStore, createStore } from './store';

export interface SavedAddress {
  address: string;
  jwt: string;
  /** The address password, shown once by the server at creation (ENABLE_ADDRESS_PASSWORD). */
  password?: string;
}

export interface AddressBook {
  items: SavedAddress[];
  current: string | null;
}

// Enough for anyone's handful of inboxes; bounds what one browser keeps.
const MAX_SAVED = 50;

function parseBook(raw: unknown): AddressBook | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { items, current } = raw as Partial<AddressBook>;
  if (!Array.isArray(items)) return undefined;
  const valid = items.filter(
    (item): item is SavedAddress =>
      typeof item?.address === 'string' &&
      typeof item.jwt === 'string' &&
      (item.password === undefined || typeof item.password === 'string'),
  );
  const open = typeof current === 'string' && valid.some((i) => i.address === current);
  return { items: valid, current: open ? current : (valid[0]?.address ?? null) };
}

export const addressBook = createPersistedStore<AddressBook>(
  'tmpmail.addresses',
  { items: [], current: null },
  parseBook,
);

export function currentAddress(book: AddressBook = addressBook.get()): SavedAddress | undefined {
  return book.items.find((item) => item.address === book.current);
}

/** Adds (or refreshes) an address and opens it. */
export function saveAddress(entry: SavedAddress): void {
  addressBook.update(({ items }) => {
    const others = items.filter((item) => item.address !== entry.address);
    const previous = items.find((item) => item.address === entry.address);
    const merged = { ...previous, ...entry };
    return { items: [merged, ...others].slice(0, MAX_SAVED), current: entry.address };
  });
}

export function selectAddress(address: string): void {
  addressBook.update((book) =>
    book.items.some((item) => item.address === address) ? { ...book, current: address } : book,
  );
}

/** Forgets an address in this browser (the server keeps it). */
export function forgetAddress(address: string): void {
  addressBook.update(({ items, current }) => {
    const rest = items.filter((item) => item.address !== address);
    return { items: rest, current: current === address ? (rest[0]?.address ?? null) : current };
  });
}

/**
 * A credential handed over in the page URL (`/?jwt=…`), removed from the URL at once so it
 * stays out of the history, bookmarks and shared screenshots.
 */
export const pendingCredential = createStore<string | null>(null);

export function takeCredentialFromUrl(): void {
  const url = new URL(window.location.href);
  const jwt = url.searchParams.get('jwt');
  if (jwt === null) return;
  url.searchParams.delete('jwt');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  if (jwt.trim() !== '') pendingCredential.set(jwt.trim());
}
