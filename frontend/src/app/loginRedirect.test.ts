import { describe, expect, it } from 'vitest';
import { loginPath, safeNextPath } from './loginRedirect';

describe('safeNextPath', () => {
  it('accepts paths inside the app', () => {
    expect(safeNextPath('/customers/42')).toBe('/customers/42');
    expect(safeNextPath('/customers?q=bjorn')).toBe('/customers?q=bjorn');
  });

  it('refuses anything that could leave the app or loop', () => {
    for (const bad of [null, undefined, '', 'customers', '//evil.example', '/\\evil.example', 'https://evil.example', '/login', '/setup?x=1', '/a\nb']) {
      expect(safeNextPath(bad)).toBeNull();
    }
  });
});

describe('loginPath', () => {
  it('remembers where to return', () => {
    expect(loginPath('/customers/42/contacts')).toBe('/login?next=%2Fcustomers%2F42%2Fcontacts');
    expect(loginPath('/')).toBe('/login');
    expect(loginPath(null)).toBe('/login');
  });
});
