import { describe, expect, it } from 'vitest';
import { checkCustomSql, CUSTOM_SQL_MAX_LENGTH, normalizeCustomSql } from './custom-sql-rule.js';

describe('normalizeCustomSql', () => {
  it('trims and drops one trailing semicolon', () => {
    expect(normalizeCustomSql('  DELETE FROM raw_mails ;  ')).toBe('DELETE FROM raw_mails');
    expect(normalizeCustomSql('DELETE FROM raw_mails;;')).toBe('DELETE FROM raw_mails;');
    expect(normalizeCustomSql('DELETE FROM raw_mails')).toBe('DELETE FROM raw_mails');
  });
});

describe('checkCustomSql (reference §7.3)', () => {
  it.each([
    'DELETE FROM raw_mails WHERE created_at < datetime("now", "-7 day")',
    'delete from sendbox',
    "  DeLeTe FROM raw_mails WHERE address = 'a@b.c' ;  ",
    `DELETE ${'x'.repeat(CUSTOM_SQL_MAX_LENGTH - 7)}`,
  ])('accepts %s', (sql) => {
    expect(checkCustomSql(sql)).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    [';', 'empty'],
    [' ; ', 'empty'],
    [`DELETE ${'x'.repeat(CUSTOM_SQL_MAX_LENGTH - 6)}`, 'too_long'],
    ['SELECT * FROM raw_mails', 'not_delete'],
    ['DROP TABLE raw_mails', 'not_delete'],
    ['DELETE\nFROM raw_mails', 'not_delete'],
    ['DELETEFROM raw_mails', 'not_delete'],
    ['UPDATE address SET name = 1', 'not_delete'],
    ['DELETE FROM raw_mails; DROP TABLE address', 'multiple_statements'],
    ['DELETE FROM raw_mails;;', 'multiple_statements'],
    ["DELETE FROM raw_mails WHERE subject = 'a;b'", 'multiple_statements'],
    ['DELETE FROM raw_mails -- all of them', 'has_comments'],
    ['DELETE FROM raw_mails /* all */', 'has_comments'],
  ])('refuses %j as %s', (sql, problem) => {
    expect(checkCustomSql(sql)).toBe(problem);
  });

  it('checks in the reference order: length before keyword, statements before comments', () => {
    expect(checkCustomSql(`SELECT ${'x'.repeat(CUSTOM_SQL_MAX_LENGTH)}`)).toBe('too_long');
    expect(checkCustomSql('SELECT 1; -- x')).toBe('not_delete');
    expect(checkCustomSql('DELETE FROM t; -- x')).toBe('multiple_statements');
  });
});
