//! The contact list as a CSV file: its name, its bytes and the download. The server answers the
//! CSV as a string; the file gets a UTF-8 byte order mark in front, which is how Excel knows the
//! file is UTF-8 (without it, å, ä and ö come out garbled).

/** The UTF-8 byte order mark (written as EF BB BF). */
export const BOM = '\uFEFF';

/** The text with exactly one byte order mark in front (the server may already send one). */
export function withBom(text: string): string {
  return text.startsWith(BOM) ? text : BOM + text;
}

/** `consents-<purposeKey>-<yyyy-mm-dd>.csv`; anything but letters, digits, `_` and `-` becomes `_`. */
export function csvFileName(purposeKey: string, date: string): string {
  const key = purposeKey.replace(/[^A-Za-z0-9_-]/g, '_') || 'purpose';
  return `consents-${key}-${date}.csv`;
}

/** The file to download: UTF-8 with a byte order mark. */
export function csvBlob(text: string): Blob {
  return new Blob([withBom(text)], { type: 'text/csv;charset=utf-8' });
}

/** Saves a blob under a file name, the way browsers do for a download link. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}
