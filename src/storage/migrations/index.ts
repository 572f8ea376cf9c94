/** @module The ordered list of migrations handed to the migrator (see README.md here). */
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../sql/dialect-capabilities.js';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-parsed-mail-columns.js';
import * as m0003 from './0003-users-kv.js';

export interface Migration {
  up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void>;
}

export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001,
  '0002-parsed-mail-columns': m0002,
  '0003-users-kv': m0003,
};
