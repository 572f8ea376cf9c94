/**
 * Light or dark colours: follow the system (prefers-color-scheme) unless the reader picked
 * one; the choice is remembered and applied as <html data-theme>.
 */
import { createPersistedStore } from './store';

export type Theme = 'system' | 'light' | 'dark';
const ORDER: readonly Theme[] = ['system', 'light', 'dark'];

export const themeStore = createPersistedStore<Theme>('tmpmail.theme', 'system', (raw) =>
  ORDER.includes(raw as Theme) ? (raw as Theme) : undefined,
);

function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = theme;
}
applyTheme(themeStore.get());
themeStore.subscribe(() => applyTheme(themeStore.get()));

export function nextTheme(theme: Theme): Theme {
  return ORDER[(ORDER.indexOf(theme) + 1) % ORDER.length] ?? 'system';
}
