import { describe, expect, it } from '@jest/globals';
import { parseOidcProviders } from './oidc-providers.js';

const good = { id: 'google', name: 'Google', issuer: 'https://accounts.google.com', clientId: 'abc', clientSecret: 's3cret' };

describe('parseOidcProviders', () => {
  it('reads a valid list and defaults the scopes', () => {
    const { providers, problems } = parseOidcProviders(
      JSON.stringify([good, { ...good, id: 'local', issuer: 'http://localhost:9000', clientSecret: undefined }]),
      'OIDC_PROVIDERS',
      false,
    );
    expect(problems).toEqual([]);
    expect(providers).toEqual([
      { ...good, scopes: 'openid email profile' },
      {
        id: 'local',
        name: 'Google',
        issuer: 'http://localhost:9000',
        clientId: 'abc',
        clientSecret: undefined,
        scopes: 'openid email profile',
      },
    ]);
  });

  it.each([
    ['not JSON', '[{', /OIDC_PROVIDERS: not valid JSON/],
    ['not an array', '{}', /must be a JSON array/],
    ['an entry that is no object', '[1]', /OIDC_PROVIDERS\[0\]: must be an object/],
    ['a bad id', JSON.stringify([{ ...good, id: 'Google!' }]), /\[0\] \("Google!"\): id must be/],
    ['a duplicate id', JSON.stringify([good, good]), /\[1\] \("google"\): id "google" is used twice/],
    ['a missing clientId', JSON.stringify([{ ...good, clientId: '' }]), /clientId is required/],
    [
      'an issuer that is no URL',
      JSON.stringify([{ ...good, issuer: 'accounts.google.com' }]),
      /issuer "accounts.google.com" is not an absolute URL/,
    ],
    ['an http issuer off this machine', JSON.stringify([{ ...good, issuer: 'http://idp.example.com' }]), /must be https:\/\//],
    ['scopes without openid', JSON.stringify([{ ...good, scopes: 'email profile' }]), /scopes must .* "openid"/],
    ['an unknown key', JSON.stringify([{ ...good, client_id: 'x' }]), /unknown "client_id"/],
  ])('refuses %s', (_name, json, message) => {
    const { providers, problems } = parseOidcProviders(json, 'OIDC_PROVIDERS', false);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    // only the duplicate leaves a good entry (the first google)
    expect(providers.map((p) => p.id)).toEqual(json.startsWith('[{"id":"google"') && json.includes('},{"id":"google"') ? ['google'] : []);
  });

  it('gives one line per bad entry, naming every fault of it, and keeps the good ones', () => {
    const { providers, problems } = parseOidcProviders(
      JSON.stringify([{ id: 'x', issuer: 'ftp://x' }, good, { ...good, id: 'b', name: '' }]),
      'OIDC_PROVIDERS_FILE idps.json',
      false,
    );
    expect(providers.map((p) => p.id)).toEqual(['google']);
    expect(problems).toEqual([
      'OIDC_PROVIDERS_FILE idps.json[0] ("x"): name is required; clientId is required; issuer "ftp://x" must be https:// (http:// only on localhost outside production)',
      'OIDC_PROVIDERS_FILE idps.json[2] ("b"): name is required',
    ]);
  });

  it('refuses a plain-http issuer in production, even on this machine', () => {
    expect(
      parseOidcProviders(JSON.stringify([{ ...good, issuer: 'http://localhost:9000' }]), 'OIDC_PROVIDERS', true).problems,
    ).toHaveLength(1);
  });
});
