import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from './load-config.js';
import { renderEnvExample } from './render-env-example.js';

const load = (env: Record<string, string>, file?: string) => loadConfig({ env, file });

function errorsOf(env: Record<string, string>): readonly string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.errors;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives a usable quick-start configuration with no settings at all', () => {
    const { config, warnings } = load({});
    expect(config.DOMAINS).toEqual(['tmpmail.localhost']);
    expect(config.PREFIX).toBe('tmp');
    expect(config.ENABLE_USER_CREATE_EMAIL).toBe(true);
    expect(config.ENABLE_USER_DELETE_EMAIL).toBe(true);
    expect(config.PORT).toBe(8787);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.DATABASE_URL).toBe('./data/tmpmail.sqlite');
    expect(config.RATE_LIMIT_PER_MINUTE).toBe(10);
    expect(config.JWT_SECRET).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads booleans as the reference does: only "true" is true, other values warn', () => {
    const { config, warnings } = load({
      ENABLE_ADDRESS_PASSWORD: 'true',
      DISABLE_CUSTOM_ADDRESS_NAME: 'TRUE',
      ENABLE_USER_CREATE_EMAIL: 'false',
      CREATE_ADDRESS_DEFAULT_DOMAIN_FIRST: '1',
    });
    expect(config.ENABLE_ADDRESS_PASSWORD).toBe(true);
    expect(config.DISABLE_CUSTOM_ADDRESS_NAME).toBe(false);
    expect(config.ENABLE_USER_CREATE_EMAIL).toBe(false);
    expect(config.CREATE_ADDRESS_DEFAULT_DOMAIN_FIRST).toBe(false);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('DISABLE_CUSTOM_ADDRESS_NAME');
  });

  it('keeps the subdomain-match switch three-state: unset, true, or a kill switch', () => {
    expect(load({}).config.ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH).toBeUndefined();
    expect(
      load({ ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH: '' }).config
        .ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH,
    ).toBeUndefined();
    expect(
      load({ ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH: 'true' }).config
        .ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH,
    ).toBe(true);
    expect(
      load({ ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH: 'TRUE' }).config
        .ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH,
    ).toBe(false);
    expect(
      load({ ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH: 'false' }).config
        .ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH,
    ).toBe(false);
  });

  it('normalizes domain lists and drops empty password entries', () => {
    const { config } = load({
      DOMAINS: '[" Example.COM ", "", "test.org"]',
      ADMIN_PASSWORDS: '["a", ""]',
      PASSWORDS: '[]',
    });
    expect(config.DOMAINS).toEqual(['example.com', 'test.org']);
    expect(config.ADMIN_PASSWORDS).toEqual(['a']);
    expect(config.PASSWORDS).toEqual([]);
  });

  it('lists every error at once instead of stopping at the first', () => {
    const errors = errorsOf({
      PORT: 'eighty',
      DOMAINS: 'example.com',
      MIN_ADDRESS_LEN: '0',
      ADDRESS_REGEX: '[unclosed',
      USER_ROLES: '[{"domains":[]}]',
      DEFAULT_LANG: 'fr',
    });
    expect(errors).toHaveLength(6);
    expect(errors.join('\n')).toMatch(/PORT: expected an integer/);
    expect(errors.join('\n')).toMatch(/DOMAINS: expected a JSON array/);
    expect(errors.join('\n')).toMatch(/MIN_ADDRESS_LEN: must be between 1 and 64/);
    expect(errors.join('\n')).toMatch(/ADDRESS_REGEX: invalid regular expression/);
    expect(errors.join('\n')).toMatch(/USER_ROLES: 0\.role/);
    expect(errors.join('\n')).toMatch(/DEFAULT_LANG/);
  });

  it('checks rules that span options and values the kinds cannot judge', () => {
    const errors = errorsOf({
      MIN_ADDRESS_LEN: '20',
      MAX_ADDRESS_LEN: '10',
      DOMAINS: '["ok.com", "bad_domain.com", "-x.com"]',
      TRUSTED_PROXIES: '["not-an-ip"]',
      LOG_LEVEL: 'loud',
      REDIS_URL: 'http://x',
      DATABASE_URL: 'mysql://db',
    });
    const text = errors.join('\n');
    expect(text).toContain('MIN_ADDRESS_LEN (20) is larger than MAX_ADDRESS_LEN (10)');
    expect(text).toContain('"bad_domain.com" is not a valid domain name');
    expect(text).toContain('"-x.com" is not a valid domain name');
    expect(text).toContain('TRUSTED_PROXIES');
    expect(text).toContain('LOG_LEVEL');
    expect(text).toContain('REDIS_URL');
    expect(text).toContain('DATABASE_URL');
  });

  it('reads a JSON or TOML file (wrangler.toml [vars] too); the environment wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmpmail-config-'));
    const json = join(dir, 'tmpmail.json');
    writeFileSync(json, JSON.stringify({ DOMAINS: ['a.com'], PREFIX: 'x', MAX_ADDRESS_LEN: 20 }));
    const fromJson = load({ PREFIX: 'env' }, json).config;
    expect(fromJson.DOMAINS).toEqual(['a.com']);
    expect(fromJson.MAX_ADDRESS_LEN).toBe(20);
    expect(fromJson.PREFIX).toBe('env');

    const toml = join(dir, 'wrangler.toml');
    writeFileSync(
      toml,
      'name = "worker"\n[vars]\nDOMAINS = ["b.com"]\nENABLE_ADDRESS_PASSWORD = true\n',
    );
    const fromToml = load({}, toml).config;
    expect(fromToml.DOMAINS).toEqual(['b.com']);
    expect(fromToml.ENABLE_ADDRESS_PASSWORD).toBe(true);

    expect(() => load({}, join(dir, 'missing.json'))).toThrow(ConfigError);
  });

  it('redacts secrets and passwords inside URLs when printed', () => {
    const { config } = load({
      JWT_SECRET: 's3cret',
      ADMIN_PASSWORDS: '["p"]',
      DATABASE_URL: 'postgres://user:hunter2@db/tmpmail',
    });
    const printed = redactConfig(config);
    expect(printed['JWT_SECRET']).toBe('<redacted>');
    expect(printed['ADMIN_PASSWORDS']).toBe('<redacted>');
    expect(printed['PASSWORDS']).toEqual([]);
    expect(printed['DATABASE_URL']).toBe('postgres://user:<redacted>@db/tmpmail');
    expect(JSON.stringify(printed)).not.toContain('hunter2');
  });
});

describe('.env.example', () => {
  it('documents exactly the options of the schema (regenerate with `tmpmail config example`)', () => {
    const committed = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    expect(committed).toBe(renderEnvExample());
  });
});
