import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { WebhookDelivery } from '../src/webhooks/webhook-delivery.service.js';
import { sendWebhook } from '../src/webhooks/webhook-sender.js';
import { sleep } from './guard-fixtures.js';
import { newAdmin } from './support/admin.js';
import { auditTypes, webhookMessagesAbout } from './support/db-state.js';
import { loginAs, newUser, refresh, type Session } from './support/factories.js';
import { http, startSecondInstance, startTestApp, type TestApp } from './support/test-app.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, deadlineMs = 20_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await sleep(25);
  }
}

describe('webhooks', () => {
  let t: TestApp;
  let second: TestApp;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let admin: Session;
  let endpointId: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    // short retries for the test; NODE_ENV=test is not production, so loopback targets are allowed
    const env = { WEBHOOK_RETRY_DELAYS: '0.05', REFRESH_REUSE_GRACE: '0', WEBHOOK_TIMEOUT: '5' };
    t = await startTestApp(env);
    second = await startSecondInstance(t, env);
    admin = await loginAs(t.url, await newAdmin(t));
    const created = await http(t.url, 'POST', '/admin/webhooks', {
      token: admin.accessToken,
      body: {
        url: receiver.url,
        events: ['user.created', 'session.reuse_detected', 'session.revoked', 'password.changed', 'user.deleted'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      url: receiver.url,
      events: expect.any(Array),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+=*$/),
      createdAt: expect.any(String),
    });
    endpointId = created.body.id;
    receiver.useSecret(created.body.secret);
  });

  afterAll(async () => {
    await receiver?.close();
    await second?.close();
    await t?.close();
  });

  beforeEach(() => receiver.respondWith(() => 204));

  const hooksOf = (type: string, match: (data: Record<string, any>) => boolean) =>
    receiver.received.filter((r) => r.verified && r.payload?.type === type && match(r.payload.data));

  it('delivers session.reuse_detected, signed the Standard Webhooks way, when a rotated token is replayed', async () => {
    const user = await newUser(t.url);
    const session = await loginAs(t.url, user);
    expect((await refresh(t.url, session.refreshToken)).status).toBe(200);
    expect((await refresh(t.url, session.refreshToken)).body.code).toBe('refresh_token_reused');
    const [hook] = await eventually('the reuse webhook', () => {
      const found = hooksOf('session.reuse_detected', (d) => d.userId === user.id);
      return found.length > 0 ? found : undefined;
    });
    expect(hook.verified).toBe(true);
    expect(hook.payload).toEqual({
      type: 'session.reuse_detected',
      timestamp: expect.any(String),
      data: { userId: user.id, sessionIds: [session.sessionId], reason: 'refresh_token_reused' },
    });
    expect(receiver.received.every((r) => r.verified)).toBe(true);
  });

  it('retries a receiver that fails twice and then succeeds: the event is acknowledged once, after three attempts', async () => {
    receiver.respondWith((_hook, nth) => (nth <= 2 ? 500 : 200));
    const user = await newUser(t.url);
    const hook = await eventually('an acknowledged user.created', () =>
      hooksOf('user.created', (d) => d.userId === user.id).find((h) => h.answered === 200),
    );
    expect(receiver.acknowledged(hook.id)).toHaveLength(1);
    expect(receiver.received.filter((r) => r.id === hook.id).map((r) => r.answered)).toEqual([500, 500, 200]);
    const log = await http(t.url, 'GET', `/admin/webhooks/${endpointId}/deliveries?limit=100`, { token: admin.accessToken });
    expect(log.status).toBe(200);
    expect(log.body.items.find((d: { id: string }) => d.id === hook.id)).toMatchObject({
      event: 'user.created',
      status: 'delivered',
      attempts: 3,
      responseStatus: 200,
    });
  });

  it('never has two instances deliver one message at once, and delivers each exactly once when acknowledged', async () => {
    receiver.respondWith(async () => {
      await sleep(100); // slow receiver: attempts overlap if two instances lease one message
      return 204;
    });
    const users = await Promise.all(Array.from({ length: 12 }, () => newUser(second.url)));
    const ids = await eventually('every user.created acknowledged', () => {
      const hooks = users.map((u) => hooksOf('user.created', (d) => d.userId === u.id).find((h) => h.answered === 204));
      return hooks.every(Boolean) ? hooks.map((h) => h!.id) : undefined;
    });
    await sleep(1500); // a second delivery would come within a poll
    for (const id of ids) expect(receiver.received.filter((r) => r.id === id)).toHaveLength(1);
    expect(receiver.maxConcurrentPerMessage).toBe(1);
  });

  it("delivers one user's events in order: a later event waits while an earlier one is retried", async () => {
    const user = await newUser(t.url);
    await eventually('user.created', () => hooksOf('user.created', (d) => d.userId === user.id)[0]);
    let failFirst = true;
    receiver.respondWith((hook) => {
      if (hook.payload?.type === 'session.revoked' && failFirst) {
        failFirst = false;
        return 503;
      }
      return 204;
    });
    const one = await loginAs(t.url, user);
    const two = await loginAs(t.url, user);
    await http(t.url, 'POST', '/auth/logout', { token: one.accessToken });
    await http(t.url, 'POST', '/auth/logout', { token: two.accessToken });
    const acknowledged = await eventually('both revocations acknowledged', () => {
      const hooks = hooksOf('session.revoked', (d) => d.userId === user.id).filter((h) => h.answered === 204);
      return hooks.length === 2 ? hooks : undefined;
    });
    expect(acknowledged.map((h) => h.payload!.data.sessionIds[0])).toEqual([one.sessionId, two.sessionId]);
    const attempts = hooksOf('session.revoked', (d) => d.userId === user.id).map((h) => [h.payload!.data.sessionIds[0], h.answered]);
    expect(attempts).toEqual([
      [one.sessionId, 503],
      [one.sessionId, 204],
      [two.sessionId, 204],
    ]);
  });

  it("writes one message for a mass kill of a user's sessions, not one per session", async () => {
    const user = await newUser(t.url);
    const sessions = await Promise.all(Array.from({ length: 5 }, () => loginAs(t.url, user)));
    expect((await http(t.url, 'DELETE', `/admin/users/${user.id}/sessions`, { token: admin.accessToken })).status).toBe(204);
    const messages = await webhookMessagesAbout(t.db, user.id, 'session.revoked');
    expect(messages).toHaveLength(1);
    expect([...messages[0].payload.data.sessionIds].sort()).toEqual(sessions.map((s) => s.sessionId).sort());
  });

  it("writes nothing when the change rolls back (the outbox is in the change's transaction)", async () => {
    const user = await newUser(t.url);
    const session = await loginAs(t.url, user);
    const before = (await webhookMessagesAbout(t.db, user.id)).length;
    // a wrong current password: the change (and its password.changed message) never happens
    expect(
      (
        await http(t.url, 'POST', '/auth/password', {
          token: session.accessToken,
          body: { currentPassword: 'wrong wrong', newPassword: 'new password 1' },
        })
      ).status,
    ).toBe(401);
    expect(await webhookMessagesAbout(t.db, user.id)).toHaveLength(before);
    expect(
      (
        await http(t.url, 'POST', '/auth/password', {
          token: session.accessToken,
          body: { currentPassword: user.password, newPassword: 'new password 1' },
        })
      ).status,
    ).toBe(204);
    await eventually('password.changed', () => hooksOf('password.changed', (d) => d.userId === user.id)[0]);
  });

  it('keeps logins and registrations fast while the receiver hangs', async () => {
    receiver.respondWith(() => new Promise<number>(() => undefined)); // never answers
    // were a delivery on the request's path, each registration would wait WEBHOOK_TIMEOUT (5 s)
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const user = await newUser(t.url);
      await loginAs(t.url, user);
      expect(Date.now() - started).toBeLessThan(t.config.WEBHOOK_TIMEOUT * 1000);
    }
    const hanging = receiver.received.filter((r) => r.answered === 0 && r.payload?.type === 'user.created');
    expect(hanging.length).toBeGreaterThan(0); // the receiver really was holding deliveries meanwhile
    receiver.respondWith(() => 204);
  });

  it('sends a test event to one endpoint, lists endpoints without secrets, deletes with audit', async () => {
    const sent = await http(t.url, 'POST', `/admin/webhooks/${endpointId}/test`, { token: admin.accessToken });
    expect(sent.status).toBe(202);
    await eventually('webhook.test', () =>
      receiver.received.find((r) => r.verified && r.payload?.type === 'webhook.test' && r.answered === 204),
    );
    const list = await http(t.url, 'GET', '/admin/webhooks', { token: admin.accessToken });
    expect(list.body).toEqual([{ id: endpointId, url: receiver.url, events: expect.any(Array), createdAt: expect.any(String) }]);
    const other = await http(t.url, 'POST', '/admin/webhooks', {
      token: admin.accessToken,
      body: { url: 'https://hooks.example.com/x', events: ['user.deleted'] },
    });
    expect((await http(t.url, 'DELETE', `/admin/webhooks/${other.body.id}`, { token: admin.accessToken })).status).toBe(204);
    expect((await http(t.url, 'DELETE', `/admin/webhooks/${other.body.id}`, { token: admin.accessToken })).status).toBe(404);
    expect(await auditTypes(t.db, { detail: { webhookId: other.body.id } })).toEqual(['webhook_created', 'webhook_deleted']);
    const metrics = await fetch(`${t.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/auth_webhook_deliveries_total\{result="delivered"\} [1-9]/);
    expect(metrics).toMatch(/auth_webhook_deliveries_total\{result="retry"\} [1-9]/);
  });

  it('prunes delivered and failed messages past AUDIT_RETENTION, never pending ones', async () => {
    const { rows } = await t.db.query(`SELECT id, status FROM webhook_messages WHERE status = 'delivered' LIMIT 1`);
    await t.db.query(`UPDATE webhook_messages SET created_at = now() - make_interval(secs => $2 + 60) WHERE id = $1`, [
      rows[0].id,
      t.config.AUDIT_RETENTION,
    ]);
    await t.db.query(
      `INSERT INTO webhook_messages (id, endpoint_id, type, payload, created_at, next_attempt_at)
       VALUES (gen_random_uuid(), $1, 'user.created', '{}', now() - make_interval(secs => $2 + 60), now() + interval '1 hour')`,
      [endpointId, t.config.AUDIT_RETENTION],
    );
    expect(await t.app.get(WebhookDelivery).prune()).toBe(1);
    const left = await t.db.query(`SELECT status FROM webhook_messages WHERE created_at < now() - make_interval(secs => $1)`, [
      t.config.AUDIT_RETENTION,
    ]);
    expect(left.rows).toEqual([{ status: 'pending' }]);
    await t.db.query(`DELETE FROM webhook_messages WHERE created_at < now() - make_interval(secs => $1)`, [t.config.AUDIT_RETENTION]);
  });

  it.each([
    [{ url: 'ftp://hooks.example.com/', events: ['user.created'] }, 'url'],
    [{ url: 'https://hooks.example.com/', events: ['user.exploded'] }, 'events'],
    [{ url: 'https://hooks.example.com/', events: [] }, 'events'],
    [{ events: ['user.created'] }, 'url'],
  ])('refuses %j with 400 naming the field', async (body, field) => {
    const response = await http(t.url, 'POST', '/admin/webhooks', { token: admin.accessToken, body });
    expect(response.status).toBe(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers 403 to a non-admin on every webhook route', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    for (const [method, path] of [
      ['GET', '/admin/webhooks'],
      ['POST', '/admin/webhooks'],
      ['DELETE', `/admin/webhooks/${endpointId}`],
      ['GET', `/admin/webhooks/${endpointId}/deliveries`],
    ]) {
      expect((await http(t.url, method, path, { token: session.accessToken, body: method === 'POST' ? {} : undefined })).status).toBe(403);
    }
  });
});

describe('webhooks and private addresses (SSRF)', () => {
  it('refuses a loopback or private URL with WEBHOOK_ALLOW_PRIVATE=off', async () => {
    const t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'off' });
    try {
      const admin = await loginAs(t.url, await newAdmin(t));
      for (const url of [
        'http://127.0.0.1:9/x',
        'http://localhost/x',
        'http://[::1]/x',
        'http://10.0.0.8/x',
        'http://169.254.169.254/latest',
      ]) {
        const response = await http(t.url, 'POST', '/admin/webhooks', {
          token: admin.accessToken,
          body: { url, events: ['user.created'] },
        });
        expect([response.status, response.body.details?.[0]?.field]).toEqual([400, 'url']);
      }
    } finally {
      await t.close();
    }
  });

  it('judges the addresses a name resolves to at delivery: a name of a loopback address is refused, nothing is sent', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const result = await sendWebhook(
        {
          id: 'msg_1',
          url: `http://localhost:${receiver.port}/hooks`,
          secret: 'whsec_' + Buffer.alloc(32, 1).toString('base64'),
          body: '{}',
        },
        { timeoutMs: 2000, allowPrivate: false },
      );
      expect(result).toEqual({ delivered: false, responseStatus: null, error: expect.stringMatching(/private or loopback/) });
      expect(receiver.received).toEqual([]);
      const allowed = await sendWebhook(
        {
          id: 'msg_2',
          url: `http://localhost:${receiver.port}/hooks`,
          secret: 'whsec_' + Buffer.alloc(32, 1).toString('base64'),
          body: '{}',
        },
        { timeoutMs: 2000, allowPrivate: true },
      );
      expect(allowed.delivered).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});
