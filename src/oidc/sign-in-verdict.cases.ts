import type { SignInFacts, SignInVerdict } from './sign-in-verdict.js';

/**
 * The account-linking rules as a table: run against the pure function (sign-in-verdict.spec.ts)
 * and end to end against the service and a real provider (test/oidc.e2e-spec.ts), so the two
 * cannot drift apart. `A` and `B` stand for two local users.
 */
export interface SignInCase {
  name: string;
  facts: SignInFacts;
  verdict: SignInVerdict;
}

const none = { linkedUserId: undefined, linkTokenUserId: undefined, emailAccount: undefined } as const;

export const SIGN_IN_CASES: SignInCase[] = [
  {
    name: 'a linked provider account signs in to its user, whatever the email says',
    facts: {
      ...none,
      linkedUserId: 'A',
      providerEmail: 'other@example.com',
      providerEmailVerified: false,
      emailAccount: { id: 'B', emailVerified: true },
    },
    verdict: { kind: 'sign_in', userId: 'A' },
  },
  {
    name: "a link token links the provider account to the token's user, even with an unverified email",
    facts: { ...none, linkTokenUserId: 'A', providerEmail: 'a@example.com', providerEmailVerified: false },
    verdict: { kind: 'link', userId: 'A', via: 'link_token' },
  },
  {
    name: 'a link token of the user it is already linked to just signs in',
    facts: { ...none, linkedUserId: 'A', linkTokenUserId: 'A', providerEmail: 'a@example.com', providerEmailVerified: true },
    verdict: { kind: 'sign_in', userId: 'A' },
  },
  {
    name: 'a link token never moves a provider account linked to another user',
    facts: { ...none, linkedUserId: 'A', linkTokenUserId: 'B', providerEmail: 'a@example.com', providerEmailVerified: true },
    verdict: { kind: 'refuse', error: 'account_exists', reason: 'identity_linked_to_another_user' },
  },
  {
    name: 'an email no account has creates a user',
    facts: { ...none, providerEmail: 'new@example.com', providerEmailVerified: false },
    verdict: { kind: 'create' },
  },
  {
    name: 'both sides verified the email: the existing account, linked now',
    facts: { ...none, providerEmail: 'a@example.com', providerEmailVerified: true, emailAccount: { id: 'A', emailVerified: true } },
    verdict: { kind: 'link', userId: 'A', via: 'verified_email' },
  },
  {
    name: 'the provider did not verify the email: account_exists, never linked',
    facts: { ...none, providerEmail: 'a@example.com', providerEmailVerified: false, emailAccount: { id: 'A', emailVerified: true } },
    verdict: { kind: 'refuse', error: 'account_exists', reason: 'provider_email_not_verified' },
  },
  {
    name: 'the local account did not verify the email: account_exists, never linked',
    facts: { ...none, providerEmail: 'a@example.com', providerEmailVerified: true, emailAccount: { id: 'A', emailVerified: false } },
    verdict: { kind: 'refuse', error: 'account_exists', reason: 'local_email_not_verified' },
  },
  {
    name: 'a provider that gives no email cannot create a user',
    facts: { ...none, providerEmail: undefined, providerEmailVerified: false },
    verdict: { kind: 'refuse', error: 'provider_error', reason: 'no_email' },
  },
];
