import { AuthClientError, createAuthClient, MfaRequiredError, passkeysSupported, type FactorInput } from '@auth-service/client';
import { ApiError, type Fetcher } from './api';

/** A sign-in whose password (or passkey) was right and that needs a second factor. */
export interface SecondStep {
  mfaToken: string;
  methods: string[];
}

/** What the console needs of a signed-in session. */
export interface ConsoleAuth {
  /** Null when signed in; the second step to finish when the account has a factor. */
  login(email: string, password: string): Promise<SecondStep | null>;
  /** Signs in with a passkey of this browser (a discoverable credential names the account). */
  signInWithPasskey(): Promise<SecondStep | null>;
  /** Finishes a sign-in with a code (TOTP or recovery code) or this browser's passkey. */
  verifyMfa(mfaToken: string, factor: FactorInput): Promise<void>;
  /** Confirms it is the admin (fresh auth_time), for actions marked step-up. */
  stepUp(factor: FactorInput): Promise<void>;
  /** Whether this browser can use passkeys. */
  passkeys: boolean;
  /** Resumes a session after a reload (from the refresh cookie); false when there is none. */
  resume(): Promise<boolean>;
  logout(): Promise<void>;
  /** fetch with the access token; the API's own answer is returned, refusals included. */
  fetch: Fetcher;
  /** Called when the session ends for good (reuse, revoked, expired...), with the API's code. */
  onSessionEnd(listener: (reason: string) => void): () => void;
}

function toApiError(error: unknown): unknown {
  return error instanceof AuthClientError ? new ApiError(error.status ?? 0, error.code, error.message) : error;
}

/** Runs a sign-in: null when it started a session, the second step when the API asks for one. */
async function signIn(work: () => Promise<unknown>): Promise<SecondStep | null> {
  try {
    await work();
    return null;
  } catch (error) {
    if (error instanceof MfaRequiredError) return { mfaToken: error.mfaToken, methods: error.methods };
    throw toApiError(error);
  }
}

/**
 * The project's client in cookie mode: the refresh token lives in an HttpOnly cookie scoped to
 * /auth, the access token in this tab's memory (the client's default storage in cookie mode),
 * so nothing a script could steal is ever in localStorage. Refreshes are the client's: one at a
 * time across tabs, and a network error never signs the admin out.
 */
export function createConsoleAuth(): ConsoleAuth {
  // rememberSignIn: a first visit asks /auth/refresh nothing (no 401 in the console) until someone signs in here
  const client = createAuthClient({ baseUrl: location.origin, mode: 'cookie', storageKey: 'admin-console', rememberSignIn: true });
  return {
    login: (email, password) => signIn(() => client.login({ email, password, deviceName: 'Admin console' })),
    signInWithPasskey: () => signIn(() => client.signInWithPasskey({ deviceName: 'Admin console' })),
    async verifyMfa(mfaToken, factor) {
      if ((await signIn(() => client.verifyMfa({ mfaToken, ...factor }))) !== null)
        throw new ApiError(401, 'mfa_required', 'A second factor is still needed');
    },
    async stepUp(factor) {
      try {
        await client.stepUp(factor);
      } catch (error) {
        throw toApiError(error);
      }
    },
    passkeys: passkeysSupported(),
    async resume() {
      try {
        return (await client.getSession()) !== null;
      } catch (error) {
        throw toApiError(error);
      }
    },
    logout: () => client.logout(),
    fetch: (input, init) => client.fetch(input, init),
    onSessionEnd: (listener) => client.onSessionEnd(listener),
  };
}
