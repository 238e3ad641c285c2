import { describe, expect, it } from '@jest/globals';
import { RouteMethods } from './route-methods.js';

function routes(): RouteMethods {
  const sut = new RouteMethods();
  sut.add('/auth/login', 'POST');
  sut.add('/auth/sessions', ['GET', 'HEAD']);
  sut.add('/auth/sessions', 'DELETE');
  sut.add('/auth/sessions/:id', 'DELETE');
  sut.add('/.well-known/jwks.json', 'GET');
  sut.add('*', 'OPTIONS');
  return sut;
}

describe('RouteMethods', () => {
  it('lists every method of a static path, sorted', () => {
    expect(routes().allowed('/auth/sessions')).toEqual(['DELETE', 'GET', 'HEAD']);
    expect(routes().allowed('/auth/login')).toEqual(['POST']);
  });

  it('matches a parameter as one path segment', () => {
    expect(routes().allowed('/auth/sessions/0b6c2a51-9f0e-4c43-8d2f-1d1e2b3c4d5e')).toEqual(['DELETE']);
    expect(routes().allowed('/auth/sessions/a/b')).toEqual([]);
  });

  it('treats dots literally and ignores catch-all routes', () => {
    expect(routes().allowed('/.well-known/jwks.json')).toEqual(['GET']);
    expect(routes().allowed('/.well-known/jwksXjson')).toEqual([]);
    expect(routes().allowed('/nowhere')).toEqual([]);
  });

  it('is as strict as the router about trailing slashes', () => {
    expect(routes().allowed('/auth/login/')).toEqual([]);
  });
});
