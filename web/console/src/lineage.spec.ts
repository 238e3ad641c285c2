import { describe, expect, it } from '@jest/globals';
import { endingEvent, lineageFromAudit } from './lineage';
import type { AuditEvent } from './types';

let seq = 0;
function event(type: AuditEvent['type'], at: string, detail: Record<string, unknown> = {}): AuditEvent {
  return { id: `e${seq++}`, at, type, userId: 'u', sessionId: 's', sessionIds: null, ip: null, userAgent: null, detail };
}

describe('lineageFromAudit', () => {
  it('rebuilds the chain from the login and each refresh, whatever order the events come in', () => {
    const events = [
      event('refresh_reuse_detected', '2026-01-01T00:00:09.000Z', { presentedGeneration: 'g1' }),
      event('token_refreshed', '2026-01-01T00:00:05.000Z', { parent: 'g2', generation: 'g3' }),
      event('login_succeeded', '2026-01-01T00:00:00.000Z'),
      event('token_refreshed', '2026-01-01T00:00:02.000Z', { parent: 'g1', generation: 'g2' }),
    ];
    expect(lineageFromAudit(events)).toEqual([
      { id: 'g1', parentId: null, createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: '2026-01-01T00:00:02.000Z' },
      { id: 'g2', parentId: 'g1', createdAt: '2026-01-01T00:00:02.000Z', rotatedAt: '2026-01-01T00:00:05.000Z' },
      { id: 'g3', parentId: 'g2', createdAt: '2026-01-01T00:00:05.000Z', rotatedAt: null },
    ]);
  });

  it('shows a family that never refreshed as one generation whose id the audit trail does not hold', () => {
    expect(lineageFromAudit([event('login_succeeded', '2026-01-01T00:00:00.000Z')])).toEqual([
      { id: null, parentId: null, createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null },
    ]);
    expect(lineageFromAudit([])).toEqual([]);
  });

  it('starts from the oldest generation it knows when older events are missing', () => {
    const chain = lineageFromAudit([event('token_refreshed', '2026-01-01T00:00:05.000Z', { parent: 'g7', generation: 'g8' })]);
    expect(chain.map((step) => [step.id, step.createdAt])).toEqual([
      ['g7', null],
      ['g8', '2026-01-01T00:00:05.000Z'],
    ]);
  });
});

describe('endingEvent', () => {
  it('is the newest reuse, device mismatch or revocation', () => {
    const revoked = event('session_revoked', '2026-01-01T00:00:09.000Z', { reason: 'admin' });
    expect(
      endingEvent([event('device_mismatch', '2026-01-01T00:00:01.000Z'), revoked, event('token_refreshed', '2026-01-01T00:00:10.000Z')]),
    ).toBe(revoked);
    expect(endingEvent([event('login_succeeded', '2026-01-01T00:00:00.000Z')])).toBeUndefined();
  });
});
