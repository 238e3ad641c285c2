import { describe, expect, it } from '@jest/globals';
import { emailProblem } from './email.js';

describe('emailProblem', () => {
  it.each([
    ['a plain address', 'ada@example.com'],
    ['a plus tag', 'ada+news@example.com'],
    ['an apostrophe', "o'brien@example.com"],
    ['a quoted local part with a space', '"ada lovelace"@example.com'],
  ])('accepts %s', (_name, email) => {
    expect(emailProblem(email)).toBeUndefined();
  });

  it.each([
    ['HTML in a quoted local part', '"<script>alert(1)</script>"@example.com'],
    ['an img tag in a quoted local part', '"<img src=x onerror=alert(1)>"@example.com'],
    ['a tab in a quoted local part', '"a\tb"@example.com'],
    ['a newline in a quoted local part', '"a\nBcc: x@evil.test"@example.com'],
    ['a C0 control character', '"a\u0001b"@example.com'],
    ['DEL', '"a\u007fb"@example.com'],
    ['a C1 control character', '"a\u0085b"@example.com'],
    ['a backslash escape in a quoted local part', '"a\\"b"@example.com'],
    ['fullwidth angle brackets that NFKC makes HTML', '"＜b＞"@example.com'],
  ])('refuses %s', (_name, email) => {
    expect(emailProblem(email)).toMatch(/control characters, < or >/);
  });
});
