import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditType } from '../audit/audit.types.js';
import { SessionsService } from '../sessions/sessions.service.js';

/** The hourly series of GET /admin/overview, each counted from one audit event type. */
export const OVERVIEW_SERIES = {
  logins: AuditType.LoginSucceeded,
  loginFailures: AuditType.LoginFailed,
  refreshes: AuditType.TokenRefreshed,
  reuseDetections: AuditType.RefreshReuseDetected,
  deviceMismatches: AuditType.DeviceMismatch,
} as const;

export type OverviewSeries = keyof typeof OVERVIEW_SERIES;
export type OverviewCounts = Record<OverviewSeries, number>;

/** GET /admin/overview: what happened over the last 24 hours, in UTC hours. */
export interface OverviewView {
  /** Start of the first hourly bucket (the UTC hour 23 hours before the current one). */
  from: string;
  to: string;
  /** Families live now: not expired, not ended. */
  liveSessions: number;
  totals: OverviewCounts;
  /** 24 buckets, oldest first; the last one is the current, partial hour. */
  hourly: ({ hour: string } & OverviewCounts)[];
}

const HOURS = 24;
const HOUR_MS = 3_600_000;

@Injectable()
export class OverviewService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly audit: AuditRepository,
  ) {}

  /** Two indexed queries: the live count and every series grouped by type and hour. */
  async overview(now = new Date()): Promise<OverviewView> {
    const from = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - (HOURS - 1) * HOUR_MS);
    const series = Object.keys(OVERVIEW_SERIES) as OverviewSeries[];
    const [liveSessions, rows] = await Promise.all([
      this.sessions.countLive(),
      this.audit.countByHour(Object.values(OVERVIEW_SERIES), from),
    ]);
    const zero = (): OverviewCounts => Object.fromEntries(series.map((name) => [name, 0])) as OverviewCounts;
    const hourly = Array.from({ length: HOURS }, (_, i) => ({ hour: new Date(from.getTime() + i * HOUR_MS).toISOString(), ...zero() }));
    const totals = zero();
    const byType = new Map(series.map((name) => [OVERVIEW_SERIES[name] as string, name]));
    for (const row of rows) {
      const name = byType.get(row.type);
      const bucket = hourly[Math.round((new Date(row.hour).getTime() - from.getTime()) / HOUR_MS)];
      if (!name || !bucket) continue; // an event stamped after `now` by a clock ahead of ours
      bucket[name] += row.count;
      totals[name] += row.count;
    }
    return { from: from.toISOString(), to: now.toISOString(), liveSessions, totals, hourly };
  }
}
