//! A readable "browser on operating system" from a `User-Agent` header, for the sessions list.
//! Deliberately small: the common browsers and systems by their well-known tokens, major
//! versions only. Anything unrecognised gives nulls, and the page says "Unknown browser".
import type { TFunction } from '../../i18n';

export interface UserAgentSummary {
  /** e.g. `Firefox 133`, `Safari 17`, `curl 8`. */
  readonly browser: string | null;
  /** e.g. `Windows`, `macOS`, `iOS 17`, `Android 14`. */
  readonly os: string | null;
}

/** Checked in order: Chromium-based browsers name themselves before `Chrome/`, which they all carry. */
const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bOPT\/(\d+)/, 'Opera'],
  [/\bSamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/\bVivaldi\/(\d+)/, 'Vivaldi'],
  [/\bYaBrowser\/(\d+)/, 'Yandex'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  [/\bFxiOS\/(\d+)/, 'Firefox'],
  [/\bHeadlessChrome\/(\d+)/, 'Headless Chrome'],
  [/\bCriOS\/(\d+)/, 'Chrome'],
  [/\bChromium\/(\d+)/, 'Chromium'],
  [/\bChrome\/(\d+)/, 'Chrome'],
  // Safari's version is in `Version/`, its `Safari/` token is the WebKit build.
  [/\bVersion\/(\d+)(?:[.\d]*)? (?:Mobile\/\S+ )?Safari\//, 'Safari'],
];

const WINDOWS_VERSIONS: Readonly<Record<string, string>> = {
  '6.1': 'Windows 7',
  '6.2': 'Windows 8',
  '6.3': 'Windows 8.1',
};

function operatingSystem(ua: string): string | null {
  const windows = /\bWindows NT (\d+\.\d+)/.exec(ua);
  if (windows) return WINDOWS_VERSIONS[windows[1] ?? ''] ?? 'Windows';
  if (/\bWindows\b/.test(ua)) return 'Windows';
  // iPhone and iPad before Mac: their user agents say "like Mac OS X".
  const ios = /\b(iPhone|iPod|iPad)\b.*?\bOS (\d+)[._]/.exec(ua);
  if (ios) return `${ios[1] === 'iPad' ? 'iPadOS' : 'iOS'} ${ios[2] ?? ''}`.trim();
  if (/\b(iPhone|iPod)\b/.test(ua)) return 'iOS';
  if (/\biPad\b/.test(ua)) return 'iPadOS';
  // Android before Linux: its user agents say "Linux; Android 14".
  const android = /\bAndroid (\d+)/.exec(ua);
  if (android) return `Android ${android[1] ?? ''}`;
  if (/\bAndroid\b/.test(ua)) return 'Android';
  if (/\bCrOS\b/.test(ua)) return 'ChromeOS';
  if (/\bMac OS X\b|\bMacintosh\b/.test(ua)) return 'macOS';
  if (/\bLinux\b|\bX11\b/.test(ua)) return 'Linux';
  return null;
}

function browser(ua: string): string | null {
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(ua);
    if (match) return `${name} ${match[1] ?? ''}`.trim();
  }
  // A tool rather than a browser (`curl/8.5.0`, `python-requests/2.31`): its own product token.
  const tool = /^([A-Za-z][\w.-]*)\/v?(\d+)/.exec(ua);
  if (tool && tool[1] !== 'Mozilla' && tool[1] !== 'Opera') return `${tool[1] ?? ''} ${tool[2] ?? ''}`.trim();
  return null;
}

export function summarizeUserAgent(userAgent: string | null | undefined): UserAgentSummary {
  const ua = (userAgent ?? '').trim();
  if (!ua) return { browser: null, os: null };
  return { browser: browser(ua), os: operatingSystem(ua) };
}

/** "Firefox 133 on Windows", "Safari 17", "Unknown browser on Linux", "Unknown browser". */
export function describeUserAgent(userAgent: string | null | undefined, t: TFunction): string {
  const { browser: name, os } = summarizeUserAgent(userAgent);
  const shown = name ?? t('account.sessions.unknownBrowser');
  return os ? t('account.sessions.browserOnOs', { browser: shown, os }) : shown;
}
