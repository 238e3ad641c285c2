/** What the service knows when a provider has vouched for someone (API.md "Whom the login is for"). */
export interface SignInFacts {
  /** The user the provider account `(provider, sub)` is linked to, if any. */
  linkedUserId: string | undefined;
  /** The user of the link token given at start, if any (a signed-in user linking a provider). */
  linkTokenUserId: string | undefined;
  /** The email the provider gave (canonical comparison is the caller's business), if any. */
  providerEmail: string | undefined;
  /** The provider's `email_verified` claim is exactly `true`. */
  providerEmailVerified: boolean;
  /** The local account with the provider's email, if any. */
  emailAccount: { id: string; emailVerified: boolean } | undefined;
}

/**
 * Whom a provider sign-in is for: `sign_in` a user already linked, `link` the provider account
 * to a user and sign them in, `create` a new user (and link), or refuse with a redirect error.
 */
export type SignInVerdict =
  | { kind: 'sign_in'; userId: string }
  | { kind: 'link'; userId: string; via: 'link_token' | 'verified_email' }
  | { kind: 'create' }
  | { kind: 'refuse'; error: 'account_exists' | 'provider_error'; reason: string };

/**
 * The rule of API.md, in its order. An existing account is taken over by a provider sign-in
 * only when both the provider and this service have verified that the email belongs to the
 * person: an unverified email on either side could be someone else's (account takeover).
 */
export function signInVerdict(facts: SignInFacts): SignInVerdict {
  if (facts.linkedUserId !== undefined) {
    // linking a provider account that already signs in to another user would move it: refused
    if (facts.linkTokenUserId !== undefined && facts.linkTokenUserId !== facts.linkedUserId) {
      return { kind: 'refuse', error: 'account_exists', reason: 'identity_linked_to_another_user' };
    }
    return { kind: 'sign_in', userId: facts.linkedUserId };
  }
  if (facts.linkTokenUserId !== undefined) return { kind: 'link', userId: facts.linkTokenUserId, via: 'link_token' };
  if (facts.providerEmail === undefined) return { kind: 'refuse', error: 'provider_error', reason: 'no_email' };
  if (facts.emailAccount === undefined) return { kind: 'create' };
  if (facts.providerEmailVerified && facts.emailAccount.emailVerified) {
    return { kind: 'link', userId: facts.emailAccount.id, via: 'verified_email' };
  }
  return {
    kind: 'refuse',
    error: 'account_exists',
    reason: facts.providerEmailVerified ? 'local_email_not_verified' : 'provider_email_not_verified',
  };
}
