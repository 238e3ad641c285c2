// The service's CPU for one passkey sign-in (POST /auth/passkeys/login/options, then POST
// /auth/passkeys/login) against its CPU for one refresh plus one ES256 signature verification
// (the two things a passkey sign-in cannot do without: a database round trip that writes a
// session, and checking one signature).
//
//   npm run bench:passkey                      # 200 passkey sign-ins and 2,000 refreshes, in 4 rounds
//   npm run bench:passkey -- --logins 100 --refreshes 1000 --rounds 2 --alg ed25519
//   PROFILE_DIR=/tmp/p npm run bench:passkey   # the service under --cpu-prof: top frames of each side
//
// Starts PostgreSQL (embedded in a temp dir, or DATABASE_URL: a scratch database, it is migrated) and the built service
// (RATE_LIMITS=off, WEBAUTHN_RP_ID=localhost), registers a user and a passkey from Debian's
// Chromium with a CDP virtual authenticator (ctap2, resident key, user verification; the
// credential's algorithm is `--alg`, ES256 by default, what most passkeys use), then, in
// alternating rounds so that a busy machine weighs on both sides alike:
//
// - passkey sign-ins, one at a time: the options calls of the round back to back, then the
//   browser signs every challenge (the service idles, not counted), then the sign-ins back to back;
// - refreshes, one at a time, back to back, along one chain.
//
// Both sides are measured the same way: the same warm-up count first, and the service's CPU
// (all its threads, /proc/<pid>/task/*/schedstat, ns) over the windows in which it serves that
// side's requests and nothing else. Prints JSON with the CPU per operation and the ratio of the
// totals, and each round's ratio. Also, in this process, what @simplewebauthn/server's
// verifyAuthenticationResponse costs for one of the browser's assertions (the verification the
// service must use; the floor is a bare ES256 verification), and the ratio against a
// refresh plus that. With PROFILE_DIR, the top frames of the sign-in, of its options call
// alone and of the refresh, from the profile over the same windows (µs per operation).
import { createPublicKey, createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { monotonicUs, rank, readProfile } from './profile.mjs';
import { freePort, post, startDatabase, startService, threadsCpuMicros } from './support.mjs';

const { values: args } = parseArgs({
  options: {
    logins: { type: 'string', default: '200' },
    refreshes: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '50' },
    alg: { type: 'string', default: 'es256' },
    top: { type: 'string', default: '20' },
  },
});
const ROUNDS = Number(args.rounds);
const LOGINS_PER_ROUND = Math.ceil(Number(args.logins) / ROUNDS);
const REFRESHES_PER_ROUND = Math.ceil(Number(args.refreshes) / ROUNDS);
const WARMUP = Number(args.warmup);
const COSE_ALG = { es256: -7, ed25519: -8 }[args.alg];
if (COSE_ALG === undefined) throw new Error('--alg: es256 or ed25519');

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
let result;
const windows = { options: [], login: [], refresh: [] };
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
  // the authenticator takes the first algorithm it supports: offer only the one measured
  creation.pubKeyCredParams = [{ type: 'public-key', alg: COSE_ALG }];
  const credential = await page.evaluate(async (json) => {
    const c = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json) });
    return c.toJSON();
  }, creation);
  if (credential.response.publicKeyAlgorithm !== COSE_ALG)
    throw new Error(`the authenticator made a ${credential.response.publicKeyAlgorithm} key`);
  if ((await post(`${service.url}/auth/passkeys`, { response: credential }, session.accessToken)).status !== 201)
    throw new Error('passkey registration failed');

  /** The browser's answers to these request options, in order (its signature counter moves forward in that order). */
  const sign = (list) =>
    page.evaluate(async (jsons) => {
      const answers = [];
      for (const json of jsons) {
        const c = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json) });
        answers.push(c.toJSON());
      }
      return answers;
    }, list);

  let lastSession;
  let lastAssertion;
  /** `count` passkey sign-ins; the service's CPU (µs) in its options window and its sign-in window. */
  async function passkeyLogins(count, measured) {
    const optionsWindow = measure(async () => {
      const list = [];
      for (let i = 0; i < count; i++) list.push((await post(`${service.url}/auth/passkeys/login/options`, {})).body);
      return list;
    });
    const challenges = await optionsWindow.run;
    const responses = await sign(challenges.map((c) => c.options));
    const loginWindow = measure(async () => {
      for (let i = 0; i < count; i++) {
        const answer = await post(`${service.url}/auth/passkeys/login`, { challengeId: challenges[i].challengeId, response: responses[i] });
        if (answer.status !== 200) throw new Error(`passkey login answered ${answer.status} ${JSON.stringify(answer.body)}`);
        lastSession = answer.body;
      }
    });
    await loginWindow.run;
    lastAssertion = { challenge: challenges.at(-1).options.challenge, response: responses.at(-1) };
    if (measured) {
      windows.options.push(optionsWindow.span);
      windows.login.push(loginWindow.span);
    }
    return { options: optionsWindow.cpu(), login: loginWindow.cpu() };
  }

  let refreshToken;
  /** `count` refreshes along the chain; the service's CPU (µs) in their window. */
  async function refreshes(count, measured) {
    const window = measure(async () => {
      for (let i = 0; i < count; i++) {
        const answer = await post(`${service.url}/auth/refresh`, { refreshToken });
        if (answer.status !== 200) throw new Error(`refresh answered ${answer.status}`);
        refreshToken = answer.body.refreshToken;
      }
    });
    await window.run;
    if (measured) windows.refresh.push(window.span);
    return window.cpu();
  }

  // the same warm-up for both sides; the refreshes chain from a passkey sign-in's session (a
  // password login would now ask for the passkey as second factor)
  await passkeyLogins(WARMUP, false);
  refreshToken = lastSession.refreshToken;
  await refreshes(WARMUP, false);

  const totals = { options: 0, login: 0, refresh: 0 };
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const passkey = await passkeyLogins(LOGINS_PER_ROUND, true);
    const refresh = await refreshes(REFRESHES_PER_ROUND, true);
    totals.options += passkey.options;
    totals.login += passkey.options + passkey.login;
    totals.refresh += refresh;
    rounds.push(((passkey.options + passkey.login) / LOGINS_PER_ROUND / (refresh / REFRESHES_PER_ROUND + verifyCpuUs())).toFixed(2));
  }
  const logins = LOGINS_PER_ROUND * ROUNDS;
  const refreshCount = REFRESHES_PER_ROUND * ROUNDS;
  const verifyUs = verifyCpuUs();
  const libraryUs = await libraryVerifyCpuUs(lastAssertion, origin);
  result = {
    bench: 'passkey-login',
    credentialAlg: args.alg,
    rounds: ROUNDS,
    logins,
    refreshes: refreshCount,
    warmup: WARMUP,
    serviceCpuMsPerPasskeyLogin: round(totals.login / 1000 / logins),
    // of which the options call (a challenge stored in PostgreSQL)
    serviceCpuMsPerOptions: round(totals.options / 1000 / logins),
    serviceCpuMsPerRefresh: round(totals.refresh / 1000 / refreshCount),
    es256VerifyCpuMs: round(verifyUs / 1000),
    passkeyLoginToRefreshPlusVerify: round(totals.login / logins / (totals.refresh / refreshCount + verifyUs)),
    roundRatios: rounds.map(Number),
    simplewebauthnVerifyCpuMs: round(libraryUs / 1000),
    passkeyLoginToRefreshPlusLibraryVerify: round(totals.login / logins / (totals.refresh / refreshCount + libraryUs)),
  };
} finally {
  await browser.close();
  await service.stop();
  await database.stop();
}
if (process.env.PROFILE_DIR) {
  const { file, profile } = readProfile(process.env.PROFILE_DIR);
  const options = { top: Number(args.top), inclusive: true };
  result.profile = file;
  result.passkeyLoginProfile = rank(profile, result.logins, [...windows.options, ...windows.login], options);
  result.optionsProfile = rank(profile, result.logins, windows.options, options);
  result.refreshProfile = rank(profile, result.refreshes, windows.refresh, options);
}
console.log(JSON.stringify(result, null, 2));

/**
 * Runs `work` and keeps the service's CPU and the monotonic clock at its start and end: `cpu()`
 * the µs of CPU in between, `span` the window for the profile.
 */
function measure(work) {
  const span = [monotonicUs(), 0];
  const cpu0 = threadsCpuMicros(service.pid);
  let cpu1 = cpu0;
  const run = work().then((value) => {
    cpu1 = threadsCpuMicros(service.pid);
    span[1] = monotonicUs();
    return value;
  });
  return { run, span, cpu: () => cpu1 - cpu0 };
}

/** CPU µs of one ES256 verification with node:crypto, the key imported once, averaged over many. */
function verifyCpuUs() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const data = Buffer.alloc(200, 7);
  const signature = createSign('sha256').update(data).sign(privateKey);
  const key = createPublicKey({ key: publicKey.export({ format: 'jwk' }), format: 'jwk' });
  const n = 5000;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    if (!createVerify('sha256').update(data).verify(key, signature)) throw new Error('verification failed');
  }
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / n;
}

/**
 * CPU µs (all this process's threads: WebCrypto works on libuv's pool) of one
 * verifyAuthenticationResponse of a real assertion of the browser, with the service's settings
 * and the credential's stored public key, averaged over many: what the library costs the
 * service per sign-in, whatever surrounds it.
 */
async function libraryVerifyCpuUs({ challenge, response }, expectedOrigin) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const {
    rows: [stored],
  } = await client.query('SELECT public_key, counter::int FROM passkeys WHERE credential_id = $1', [response.id]);
  await client.end();
  const verify = async () => {
    const { verified } = await verifyAuthenticationResponse({
      response,
      expectedChallenge: (c) => c === challenge,
      expectedOrigin: [expectedOrigin],
      expectedRPID: 'localhost',
      // the counter it was checked against: one below the assertion's
      credential: { id: response.id, publicKey: new Uint8Array(stored.public_key), counter: stored.counter - 1 },
      requireUserVerification: false,
    });
    if (!verified) throw new Error('verification failed');
  };
  for (let i = 0; i < 200; i++) await verify();
  const n = 2000;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await verify();
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / n;
}

function round(x) {
  return Math.round(x * 1000) / 1000;
}
