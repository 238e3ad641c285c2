import { describe, expect, it } from '@jest/globals';
import { AppError } from './errors.js';
import { parseJsonBody } from './json-body.js';

describe('parseJsonBody', () => {
  it('parses ordinary JSON, Unicode included', () => {
    expect(parseJsonBody('{"name":"Zoë 🙂","list":[1,{"a":null}]}')).toEqual({ name: 'Zoë 🙂', list: [1, { a: null }] });
  });

  it('reads an empty body as {} where the route says its body is optional, and only there', () => {
    expect(parseJsonBody('', { optional: true })).toEqual({});
    expect(() => parseJsonBody('')).toThrow(AppError);
    expect(() => parseJsonBody(' ', { optional: true })).toThrow(AppError);
  });

  it.each([
    ['malformed JSON', '{"a":'],
    ['an empty body', ''],
    ['a NUL in a value', '{"name":"a\\u0000b"}'],
    ['a NUL in a key', '{"a\\u0000":1}'],
    ['a lone high surrogate', '{"name":"\\ud800"}'],
    ['a lone low surrogate in an array', '["\\udc00"]'],
    ['a __proto__ key', '{"email":"a@b.co","__proto__":{"roles":["admin"]}}'],
    ['a nested constructor key', '{"a":[{"constructor":{"prototype":1}}]}'],
    ['a constructor key', '{"constructor":1}'],
    ['deep nesting', '['.repeat(5000) + ']'.repeat(5000)],
  ])('refuses %s with validation_failed', (_, text) => {
    expect(() => parseJsonBody(text)).toThrow(AppError);
    try {
      parseJsonBody(text);
    } catch (error) {
      expect((error as AppError).code).toBe('validation_failed');
      expect((error as AppError).status).toBe(400);
    }
  });
});
