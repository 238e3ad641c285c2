import type { StorageAdapter } from './types.js';

/** Keeps everything in this JavaScript context: gone on reload. The default (nothing in JS storage). */
export function memoryStorage(): StorageAdapter {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/**
 * The browser's localStorage (shared by the tabs of an origin, kept across restarts). Anything
 * a script of the page can read, so in bearer mode an XSS can read the refresh token: prefer
 * cookie mode in browsers.
 */
export function localStorageAdapter(): StorageAdapter {
  const storage = (globalThis as { localStorage?: StorageAdapter }).localStorage;
  if (!storage) throw new Error('localStorage is not available here');
  return storage;
}
