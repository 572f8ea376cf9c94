import { describe, expect, it } from 'vitest';
import { contentDisposition, safeAttachmentFilename } from './sanitize-filename.js';

describe('safeAttachmentFilename', () => {
  it.each([
    ['report.pdf', 'report.pdf', 'report.pdf'],
    ['季度报告.pdf', '季度报告.pdf', 'attachment.pdf'],
    ['数据明细 Q2.csv', '数据明细 Q2.csv', '_ Q2.csv'],
    ['Café déjà vu.txt', 'Café déjà vu.txt', 'Cafe deja vu.txt'],
    ['../../etc/passwd', 'passwd', 'passwd'],
    ['C:\\Users\\me\\evil.exe', 'evil.exe', 'evil.exe'],
    ['a"b<c>d|e?f*g:h.txt', 'a_b_c_d_e_f_g_h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['line\r\nbreak\t.txt', 'linebreak.txt', 'linebreak.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe', 'invoicefdp.exe'],
    ['100%\\x.txt', 'x.txt', 'x.txt'],
    ['50% off.txt', '50% off.txt', '50_ off.txt'],
    ['  .hidden  ', 'hidden', 'hidden'],
    ['...', 'attachment', 'attachment'],
    ['', 'attachment', 'attachment'],
    ['CON.txt', '_CON.txt', '_CON.txt'],
    ['emoji 📄.pdf', 'emoji 📄.pdf', 'emoji _.pdf'],
  ])('%j', (input, filename, asciiFallback) => {
    const safe = safeAttachmentFilename(input);
    expect(safe.filename).toBe(filename);
    expect(safe.asciiFallback).toBe(asciiFallback);
  });

  it('handles null and lone surrogates', () => {
    expect(safeAttachmentFilename(null).filename).toBe('attachment');
    expect(safeAttachmentFilename('a\ud800b.txt').encoded).toBe("UTF-8''a%EF%BF%BDb.txt");
  });

  it('truncates long names and keeps the extension', () => {
    const safe = safeAttachmentFilename(`${'长'.repeat(300)}.docx`);
    expect(Array.from(safe.filename)).toHaveLength(180);
    expect(safe.filename.endsWith('.docx')).toBe(true);
    expect(safeAttachmentFilename(`a.${'x'.repeat(300)}`).filename).toHaveLength(180);
  });

  it('encodes RFC 5987 values with only attr-chars', () => {
    expect(safeAttachmentFilename("it's (1)!.pdf").encoded).toBe("UTF-8''it%27s%20%281%29!.pdf");
    expect(safeAttachmentFilename('季度报告.pdf').encoded).toBe(
      "UTF-8''%E5%AD%A3%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf",
    );
  });
});

describe('contentDisposition', () => {
  it('builds a header value with both parameters', () => {
    expect(contentDisposition('季度报告.pdf')).toBe(
      `attachment; filename="attachment.pdf"; filename*=UTF-8''%E5%AD%A3%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf`,
    );
    expect(contentDisposition('logo.png', 'inline')).toBe(
      `inline; filename="logo.png"; filename*=UTF-8''logo.png`,
    );
  });
});
