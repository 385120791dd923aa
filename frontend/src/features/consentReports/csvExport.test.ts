import { describe, expect, it } from 'vitest';
import { BOM, csvBlob, csvFileName, withBom } from './csvExport';

describe('csvFileName', () => {
  it('is consents-<purposeKey>-<yyyy-mm-dd>.csv', () => {
    expect(csvFileName('marketing_email', '2026-03-05')).toBe('consents-marketing_email-2026-03-05.csv');
  });

  it('keeps anything unexpected in a key out of the file name', () => {
    expect(csvFileName('../sms å', '2026-03-05')).toBe('consents-___sms__-2026-03-05.csv');
    expect(csvFileName('', '2026-03-05')).toBe('consents-purpose-2026-03-05.csv');
  });
});

describe('byte order mark', () => {
  it('is put in front once', () => {
    expect(withBom('a;b\r\n')).toBe('\uFEFFa;b\r\n');
    expect(withBom(withBom('a;b'))).toBe('\uFEFFa;b');
    expect(withBom('')).toBe(BOM);
  });

  it('makes the file start with EF BB BF and keeps å, ä and ö as UTF-8', async () => {
    const blob = csvBlob('Kundnr;Namn\r\n1024;Åsa Ängström-Öberg\r\n');
    expect(blob.type).toBe('text/csv;charset=utf-8');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe('\uFEFFKundnr;Namn\r\n1024;Åsa Ängström-Öberg\r\n');
    // "Å" is C3 85 in UTF-8 (not C5 as in Latin-1).
    const at = bytes.indexOf(0xc3);
    expect([...bytes.slice(at, at + 2)]).toEqual([0xc3, 0x85]);
  });

  it('is not doubled when the server already sent one', async () => {
    const bytes = new Uint8Array(await csvBlob('\uFEFFa\r\n').arrayBuffer());
    expect([...bytes]).toEqual([0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a]);
  });
});
