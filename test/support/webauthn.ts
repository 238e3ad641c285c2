import type { CDPSession, Page } from 'playwright-core';

export { CHROMIUM, hasChromium, launchChromium } from './console-browser.js';

/**
 * A CTAP2 platform authenticator that keeps discoverable credentials and verifies the user,
 * attached to `page` through the DevTools protocol (WebAuthn.addVirtualAuthenticator).
 */
export async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** navigator.credentials.create() in the page from creation options JSON; the credential's toJSON(). */
export function createCredential(page: Page, options: unknown): Promise<any> {
  // runs in the page (the test's tsconfig has no DOM types)
  return page.evaluate(async (json) => {
    const { PublicKeyCredential, navigator } = globalThis as any;
    const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json) });
    return credential.toJSON();
  }, options);
}

/** navigator.credentials.get() in the page from request options JSON; the assertion's toJSON(). */
export function getAssertion(page: Page, options: unknown): Promise<any> {
  return page.evaluate(async (json) => {
    const { PublicKeyCredential, navigator } = globalThis as any;
    const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json) });
    return credential.toJSON();
  }, options);
}
