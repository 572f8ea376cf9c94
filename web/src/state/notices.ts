/**
 * Short messages after an action ("Copied", an error from the server), announced to screen
 * readers through a live region (components/notice-area.tsx).
 */
import { createStore } from './store';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export const noticeStore = createStore<Notice[]>([]);
let nextId = 1;
// Errors stay longer: they usually need reading.
const LIFETIME_MS = { info: 3000, error: 8000 } as const;

export function notify(text: string, kind: Notice['kind'] = 'info'): void {
  const id = nextId++;
  noticeStore.update((list) => [...list.slice(-3), { id, kind, text }]);
  setTimeout(() => dismissNotice(id), LIFETIME_MS[kind]);
}

export function dismissNotice(id: number): void {
  noticeStore.update((list) => list.filter((n) => n.id !== id));
}
