/**
 * @module The storage port: what the domain needs from a database, and nothing more. One
 * implementation (storage/sql) serves SQLite and PostgreSQL; tests run one contract suite
 * against both (test/storage/store-contract.test.ts). The port is declared by area under
 * storage/ports/; this file is its one public entry, so consumers import from here only.
 */
export * from './ports/page.js';
export * from './ports/address-store.js';
export * from './ports/settings-store.js';
export * from './ports/user-store.js';
export * from './ports/passkey-store.js';
export * from './ports/kv-store.js';
export * from './ports/mail-store.js';
export * from './ports/retention-store.js';
export * from './ports/store.js';
