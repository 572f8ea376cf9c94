/**
 * @module JWT_SECRET when the operator set none (decisions.md 8): a strong random secret is
 * generated once and kept in the data directory, so tokens survive restarts.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LoadedSecret {
  secret: string;
  /** Where the secret was created, when it was created just now. */
  createdAt?: string;
}

export function loadOrCreateJwtSecret(dataDir: string): LoadedSecret {
  const path = join(dataDir, 'jwt-secret');
  try {
    const secret = readFileSync(path, 'utf8').trim();
    if (secret.length >= 32) return { secret };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  // 0600: the secret signs every credential; only the service account may read it.
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return { secret, createdAt: path };
}
