// The service's CPU for one passkey sign-in (POST /auth/passkeys/login/options, then POST
// /auth/passkeys/login) against its CPU for one refresh plus one ES256 signature verification
// (the two things a passkey sign-in cannot do without: a database round trip that writes a
// session, and checking one signature).
//
//   npm run bench:passkey                      # 200 passkey sign-ins, 2000 refreshes
//   npm run bench:passkey -- --logins 100 --refreshes 1000
//
// Starts PostgreSQL (embedded in a temp dir, or DATABASE_URL: a scratch database, it is migrated) and the built service
// (RATE_LIMITS=off, WEBAUTHN_RP_ID=localhost), registers a user and a passkey from Debian's
// Chromium with a CDP virtual authenticator (ctap2, resident key, user verification), then:
// passkey sign-ins one at a time (the browser signs each challenge; only the service's CPU is
// counted, from /proc), refreshes one at a time, and ES256 verifications in this process.
// Prints JSON with the CPU per operation and the ratio.
import { createPublicKey, createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { cpuMicros, freePort, post, startDatabase, startService } from './support.mjs';

const { values: args } = parseArgs({
  options: { logins: { type: 'string', default: '200' }, refreshes: { type: 'string', default: '2000' } },
});
const LOGINS = Number(args.logins);
const REFRESHES = Number(args.refreshes);

const database = await startDatabase();
const port = await freePort();
const origin = `http://localhost:${port}`;
const service = await startService(
  { PORT: String(port), DATABASE_URL: database.url, WEBAUTHN_RP_ID: 'localhost', WEBAUTHN_ORIGINS: origin },
  { nodeArgs: process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : [] },
);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/health/live`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  const user = { email: `passkey-bench-${Date.now()}@example.com`, password: 'passkey benchmark password' };
  if ((await post(`${service.url}/auth/register`, user)).status !== 201) throw new Error('register failed');
  const session = (await post(`${service.url}/auth/login`, user)).body;
  const creation = (await post(`${service.url}/auth/passkeys/options`, {}, session.accessToken)).body;
  const credential = await page.evaluate(async (json) => {
    const c = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json) });
    return c.toJSON();
  }, creation);
  if ((await post(`${service.url}/auth/passkeys`, { response: credential }, session.accessToken)).status !== 201)
    throw new Error('passkey registration failed');

  const sign = (options) =>
    page.evaluate(async (json) => {
      const c = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json) });
      return c.toJSON();
    }, options);

  let lastSession;
  let optionsCpu = 0;
  // warm-up, then the measured sign-ins: only the service's CPU during its two calls is counted
  for (let i = 0; i < 10; i++) await passkeyLogin();
  let loginCpu = 0;
  optionsCpu = 0;
  for (let i = 0; i < LOGINS; i++) loginCpu += await passkeyLogin();
  const serviceCpuMsPerOptions = optionsCpu / 1000 / LOGINS;
  const serviceCpuMsPerPasskeyLogin = loginCpu / 1000 / LOGINS;

  // a session of its own (a password login would now ask for the passkey as second factor)
  let refreshToken = lastSession.refreshToken;
  for (let i = 0; i < 50; i++) refreshToken = await refresh(refreshToken);
  const cpu0 = cpuMicros(service.pid);
  for (let i = 0; i < REFRESHES; i++) refreshToken = await refresh(refreshToken);
  const serviceCpuMsPerRefresh = (cpuMicros(service.pid) - cpu0) / 1000 / REFRESHES;

  const verifyCpuMs = es256VerifyCpuMs();
  const floor = serviceCpuMsPerRefresh + verifyCpuMs;
  console.log(
    JSON.stringify(
      {
        bench: 'passkey-login',
        logins: LOGINS,
        refreshes: REFRESHES,
        serviceCpuMsPerPasskeyLogin: round(serviceCpuMsPerPasskeyLogin),
        // of which the options call (a challenge stored in PostgreSQL)
        serviceCpuMsPerOptions: round(serviceCpuMsPerOptions),
        serviceCpuMsPerRefresh: round(serviceCpuMsPerRefresh),
        es256VerifyCpuMs: round(verifyCpuMs),
        passkeyLoginToRefreshPlusVerify: round(serviceCpuMsPerPasskeyLogin / floor),
      },
      null,
      2,
    ),
  );

  /** One passkey sign-in; returns the service's CPU (µs) during its two requests (the browser's signing excluded). */
  async function passkeyLogin() {
    const before = cpuMicros(service.pid);
    const options = (await post(`${service.url}/auth/passkeys/login/options`, {})).body;
    const middle = cpuMicros(service.pid);
    const response = await sign(options.options);
    const resumed = cpuMicros(service.pid);
    const answer = await post(`${service.url}/auth/passkeys/login`, { challengeId: options.challengeId, response });
    if (answer.status !== 200) throw new Error(`passkey login answered ${answer.status} ${JSON.stringify(answer.body)}`);
    lastSession = answer.body;
    optionsCpu += middle - before;
    return middle - before + (cpuMicros(service.pid) - resumed);
  }

  async function refresh(token) {
    const answer = await post(`${service.url}/auth/refresh`, { refreshToken: token });
    if (answer.status !== 200) throw new Error(`refresh answered ${answer.status}`);
    return answer.body.refreshToken;
  }
} finally {
  await browser.close();
  await service.stop();
  await database.stop();
}

/** CPU of one ES256 verification with node:crypto (what @simplewebauthn does per assertion), averaged over many. */
function es256VerifyCpuMs() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const data = Buffer.alloc(200, 7);
  const signature = createSign('sha256').update(data).sign(privateKey);
  // imported from its JWK, as a stored credential's key is imported from its COSE form
  const key = createPublicKey({ key: publicKey.export({ format: 'jwk' }), format: 'jwk' });
  const n = 5000;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    if (!createVerify('sha256').update(data).verify(key, signature)) throw new Error('verification failed');
  }
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1000 / n;
}

function round(x) {
  return Math.round(x * 1000) / 1000;
}
