/**
 * The browser's side of a WebAuthn ceremony, on the platform's own JSON helpers (WebAuthn Level
 * 3: PublicKeyCredential.parseCreationOptionsFromJSON / parseRequestOptionsFromJSON and
 * toJSON()), so the client carries no WebAuthn library. The server (@simplewebauthn/server)
 * checks everything; this only hands options to the authenticator and its answer back.
 */

interface JsonCredential {
  toJSON(): unknown;
}

interface PublicKeyCredentialStatic {
  parseCreationOptionsFromJSON?(options: unknown): unknown;
  parseRequestOptionsFromJSON?(options: unknown): unknown;
}

function platform(): {
  pkc: PublicKeyCredentialStatic;
  credentials: { create(o: unknown): Promise<unknown>; get(o: unknown): Promise<unknown> };
} {
  const scope = globalThis as {
    PublicKeyCredential?: PublicKeyCredentialStatic;
    navigator?: { credentials?: { create(o: unknown): Promise<unknown>; get(o: unknown): Promise<unknown> } };
  };
  const pkc = scope.PublicKeyCredential;
  const credentials = scope.navigator?.credentials;
  if (!pkc?.parseCreationOptionsFromJSON || !pkc.parseRequestOptionsFromJSON || !credentials) {
    throw new PasskeysUnsupportedError();
  }
  return { pkc, credentials };
}

/** This browser has no WebAuthn Level 3 JSON helpers (or no WebAuthn): passkeys cannot be used here. */
export class PasskeysUnsupportedError extends Error {
  readonly code = 'passkeys_unsupported';
  constructor() {
    super('This browser cannot use passkeys (WebAuthn Level 3 JSON helpers are missing)');
    this.name = 'PasskeysUnsupportedError';
  }
}

/** Whether passkeys can be used here (to show or hide the button). */
export function passkeysSupported(): boolean {
  try {
    platform();
    return true;
  } catch {
    return false;
  }
}

/** navigator.credentials.create() from the server's creation options; the new credential's JSON. */
export async function createPasskey(options: unknown): Promise<unknown> {
  const { pkc, credentials } = platform();
  const credential = (await credentials.create({ publicKey: pkc.parseCreationOptionsFromJSON!(options) })) as JsonCredential | null;
  if (!credential) throw new Error('No passkey was created');
  return credential.toJSON();
}

/** navigator.credentials.get() from the server's request options; the assertion's JSON. */
export async function getPasskeyAssertion(options: unknown): Promise<unknown> {
  const { pkc, credentials } = platform();
  const credential = (await credentials.get({ publicKey: pkc.parseRequestOptionsFromJSON!(options) })) as JsonCredential | null;
  if (!credential) throw new Error('No passkey was chosen');
  return credential.toJSON();
}
