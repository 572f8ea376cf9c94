/**
 * The site settings (`/open_api/settings`), loaded once at start and again after the site
 * password is entered (needAuth depends on it).
 */
import { errorMessage } from '../api/client';
import { fetchSettings } from '../api/open-api';
import type { OpenSettings } from '../api/types';
import { createStore } from './store';

export type SettingsState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; settings: OpenSettings };

export const settingsStore = createStore<SettingsState>({ status: 'loading' });

export async function loadSettings(): Promise<void> {
  if (settingsStore.get().status !== 'ready') settingsStore.set({ status: 'loading' });
  try {
    settingsStore.set({ status: 'ready', settings: await fetchSettings() });
  } catch (error) {
    settingsStore.set({ status: 'error', message: errorMessage(error) });
  }
}
