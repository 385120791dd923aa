import { describe, expect, it } from 'vitest';
import { makeT } from '../../i18n/translate';
import { describeUserAgent, summarizeUserAgent } from './userAgent';

const UA = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70',
  firefoxLinux: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  firefoxMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  chromeIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  safariIpad:
    'Mozilla/5.0 (iPad; CPU OS 16_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  samsungAndroid:
    'Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  operaWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0',
  headless:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36',
  chromeOs:
    'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  windows7: 'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0',
};

describe('summarizeUserAgent', () => {
  it('recognises the common desktop browsers and systems', () => {
    expect(summarizeUserAgent(UA.chromeWindows)).toEqual({ browser: 'Chrome 131', os: 'Windows' });
    expect(summarizeUserAgent(UA.firefoxLinux)).toEqual({ browser: 'Firefox 133', os: 'Linux' });
    expect(summarizeUserAgent(UA.firefoxMac)).toEqual({ browser: 'Firefox 133', os: 'macOS' });
    expect(summarizeUserAgent(UA.safariMac)).toEqual({ browser: 'Safari 17', os: 'macOS' });
    expect(summarizeUserAgent(UA.chromeOs)).toEqual({ browser: 'Chrome 131', os: 'ChromeOS' });
    expect(summarizeUserAgent(UA.windows7)).toEqual({ browser: 'Firefox 115', os: 'Windows 7' });
  });

  it('names Chromium-based browsers by themselves, not as Chrome', () => {
    expect(summarizeUserAgent(UA.edgeWindows).browser).toBe('Edge 131');
    expect(summarizeUserAgent(UA.operaWindows).browser).toBe('Opera 115');
    expect(summarizeUserAgent(UA.samsungAndroid)).toEqual({ browser: 'Samsung Internet 26', os: 'Android 13' });
    expect(summarizeUserAgent(UA.headless)).toEqual({ browser: 'Headless Chrome 131', os: 'Linux' });
  });

  it('tells phones and tablets from the computers their user agents mention', () => {
    expect(summarizeUserAgent(UA.safariIphone)).toEqual({ browser: 'Safari 17', os: 'iOS 17' });
    expect(summarizeUserAgent(UA.chromeIphone)).toEqual({ browser: 'Chrome 131', os: 'iOS 17' });
    expect(summarizeUserAgent(UA.safariIpad)).toEqual({ browser: 'Safari 16', os: 'iPadOS 16' });
    expect(summarizeUserAgent(UA.chromeAndroid)).toEqual({ browser: 'Chrome 131', os: 'Android 14' });
  });

  it('names tools by their product token', () => {
    expect(summarizeUserAgent('curl/8.5.0')).toEqual({ browser: 'curl 8', os: null });
    expect(summarizeUserAgent('python-requests/2.31.0')).toEqual({ browser: 'python-requests 2', os: null });
  });

  it('gives nulls for nothing or nonsense', () => {
    expect(summarizeUserAgent(null)).toEqual({ browser: null, os: null });
    expect(summarizeUserAgent(undefined)).toEqual({ browser: null, os: null });
    expect(summarizeUserAgent('   ')).toEqual({ browser: null, os: null });
    expect(summarizeUserAgent('Mozilla/5.0 (compatible)')).toEqual({ browser: null, os: null });
    expect(summarizeUserAgent('???')).toEqual({ browser: null, os: null });
  });
});

describe('describeUserAgent', () => {
  it('says browser and system in the UI language', () => {
    expect(describeUserAgent(UA.firefoxLinux, makeT('en'))).toBe('Firefox 133 on Linux');
    expect(describeUserAgent(UA.firefoxLinux, makeT('sv'))).toBe('Firefox 133 på Linux');
    expect(describeUserAgent('curl/8.5.0', makeT('en'))).toBe('curl 8');
  });

  it('admits not knowing', () => {
    expect(describeUserAgent(null, makeT('en'))).toBe('Unknown browser');
    expect(describeUserAgent(null, makeT('sv'))).toBe('Okänd webbläsare');
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) Something/1', makeT('en'))).toBe('Unknown browser on Linux');
  });
});
