import { ApiError } from '../api';
import { DetailList, ErrorMessage, Loading, Notice, PageTitle, Time, useAction, useAsync, useConsole, useSection } from '../components';
import { END_REASONS, formatSeconds, REUSE_REASONS, plural, shortId, typeLabel } from '../format';
import { endingEvent, lineageFromAudit, lineageFromGenerations, type LineageStep } from '../lineage';
import { href } from '../router';
import type { SessionEndReason } from '@auth-service/contract';
import type { AuditEvent } from '../types';
import { AuditTable } from './audit';

const EVENTS_LIMIT = 100;

/**
 * A session family: live, with its lineage from the database; ended, with the event that ended
 * it. The audit trail is read first: when it holds the ending event, the family is gone and is
 * not asked for (that would only be a 404 in the browser's console); else the family is.
 */
export function SessionPage({ id }: { id: string }) {
  const { api } = useConsole();
  const action = useAction();
  const events = useAsync(() => api.audit({ sessionId: id }, undefined, EVENTS_LIMIT), [id]);
  const ending = events.data && endingEvent(events.data.items);
  const ask = events.data ? !ending : events.error !== undefined;
  const session = useAsync(() => (ask ? api.session(id) : Promise.resolve(undefined)), [id, ask]);
  // ended: as the audit trail says, or gone without an event (expired and cleaned up, or older than AUDIT_RETENTION)
  const ended = ending !== undefined || (session.error instanceof ApiError && session.error.status === 404);
  const userId = session.data?.userId ?? events.data?.items.find((e) => e.userId)?.userId;
  const owner = useAsync(() => (userId ? api.user(userId) : Promise.resolve(undefined)), [userId]);
  useSection(session.data ? 'user' : ended ? 'audit' : undefined);

  // the audit trail then holds the ending event, and the family is no longer asked for
  const end = () => action.run(() => api.endSession(id), 'Session ended.', events.reload);

  return (
    <section>
      <PageTitle title={`Session ${shortId(id)}`}>
        Session <code>{shortId(id)}</code>
      </PageTitle>
      <Notice text={action.notice} />
      <ErrorMessage error={action.error} />
      {!ended && <ErrorMessage error={session.error} />}
      {(events.loading || session.loading) && !session.data && !ended && !session.error && <Loading what="the session" />}
      <dl class="facts">
        <div>
          <dt>Session id</dt>
          <dd>
            <code class="id">{id}</code>
          </dd>
        </div>
        {userId && (
          <div>
            <dt>User</dt>
            <dd>
              <a href={href.user(userId)}>{owner.data?.email ?? userId}</a>
            </dd>
          </div>
        )}
        <div>
          <dt>Status</dt>
          <dd>{session.data ? <span class="badge ok">Live</span> : ended ? <span class="badge disabled">Ended</span> : '…'}</dd>
        </div>
        {session.data && (
          <>
            <div>
              <dt>Device</dt>
              <dd>
                {session.data.deviceName ?? 'Unnamed device'} (<code>{session.data.deviceId}</code>)
              </dd>
            </div>
            <div>
              <dt>User agent</dt>
              <dd>{session.data.userAgent ?? '—'}</dd>
            </div>
            <div>
              <dt>IP</dt>
              <dd>{session.data.ip ?? '—'}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>
                <Time iso={session.data.createdAt} />
              </dd>
            </div>
            <div>
              <dt>Last used</dt>
              <dd>
                <Time iso={session.data.lastUsedAt} />
              </dd>
            </div>
            <div>
              <dt>Expires</dt>
              <dd>
                <Time iso={session.data.expiresAt} />
              </dd>
            </div>
          </>
        )}
      </dl>
      {session.data && (
        <p>
          <button type="button" class="danger" onClick={end}>
            End session
          </button>
        </p>
      )}

      {ended &&
        events.data &&
        (ending ? (
          <EndingEvent event={ending} />
        ) : (
          <p class="muted">
            This session no longer exists
            {events.data.items.length === 0 ? ', and no audit event mentions it (unknown, or older than AUDIT_RETENTION)' : ''}.
          </p>
        ))}

      <h2 id="lineage-heading">Lineage</h2>
      {session.data && (
        <Lineage
          live
          steps={lineageFromGenerations(session.data.generations)}
          note={
            session.data.generationCount > session.data.generations.length
              ? `The newest ${session.data.generations.length} of ${session.data.generationCount} generations.`
              : `${plural(session.data.generationCount, 'generation')}, oldest first.`
          }
        />
      )}
      {ended && events.data && (
        <Lineage
          steps={lineageFromAudit(events.data.items)}
          presented={ending?.detail.presentedGeneration as string | undefined}
          presentedLabel={ending?.type === 'device_mismatch' ? 'Presented from another device' : 'Presented again: reuse'}
          note="Rebuilt from the audit trail: the family and its generations were deleted when it ended."
        />
      )}

      <h2>Events of this session</h2>
      <ErrorMessage error={events.error} />
      {events.data && <AuditTable events={events.data.items} caption={`The ${EVENTS_LIMIT} newest events of this session`} />}
    </section>
  );
}

function EndingEvent({ event }: { event: AuditEvent }) {
  const d = event.detail;
  const alert = event.type !== 'session_revoked';
  let title: string;
  let explanation: string;
  if (event.type === 'refresh_reuse_detected') {
    title = 'Ended by refresh-token reuse';
    explanation =
      `Generation ${shortId(d.presentedGeneration as string)} was presented again ${formatSeconds(d.secondsSinceRotation)} after it had been rotated, ` +
      `in a family of ${d.generations ?? '?'} generations. Judged reuse because ${REUSE_REASONS[d.judgedReuseBecause as string] ?? d.judgedReuseBecause}. ` +
      'The whole family was deleted: the thief and the user both have to log in again.';
  } else if (event.type === 'device_mismatch') {
    title = 'Ended by a device mismatch';
    explanation =
      `A refresh of generation ${shortId(d.presentedGeneration as string)} came from device “${d.presentedDeviceId}”, ` +
      `but the session is bound to device “${d.expectedDeviceId}”. The whole family was deleted.`;
  } else {
    title = `Ended: ${typeLabel(event.type)}`;
    explanation = `Ended because ${END_REASONS[d.reason as SessionEndReason] ?? d.reason}.`;
  }
  return (
    <section class={alert ? 'ending alert' : 'ending'} aria-labelledby="ending-heading">
      <h2 id="ending-heading">
        {alert && <span aria-hidden="true">⚠ </span>}
        {title}
      </h2>
      <p>{explanation}</p>
      <dl class="facts">
        <div>
          <dt>When</dt>
          <dd>
            <Time iso={event.at} />
          </dd>
        </div>
        <div>
          <dt>Event</dt>
          <dd>
            <code>{event.type}</code>
          </dd>
        </div>
        <div>
          <dt>From IP</dt>
          <dd>{event.ip ?? '—'}</dd>
        </div>
        <div>
          <dt>User agent</dt>
          <dd>{event.userAgent ?? '—'}</dd>
        </div>
        {typeof d.by === 'string' && (
          <div>
            <dt>By</dt>
            <dd>
              <a href={href.user(d.by)}>{d.by}</a>
            </dd>
          </div>
        )}
      </dl>
      <h3>Detail</h3>
      <DetailList detail={d} />
    </section>
  );
}

function Lineage(props: { steps: LineageStep[]; note: string; presented?: string; presentedLabel?: string; live?: boolean }) {
  const { steps, note, presented, presentedLabel, live = false } = props;
  if (steps.length === 0) return <p class="muted">No generation is known.</p>;
  return (
    <>
      <p class="hint">{note}</p>
      <ol class="lineage" aria-labelledby="lineage-heading">
        {steps.map((step, i) => {
          const reused = presented !== undefined && step.id === presented; // the generation whose presentation ended the family
          return (
            <li key={step.id ?? i} class={reused ? 'reused' : undefined}>
              <div class="generation-title">
                Generation {i + 1}{' '}
                {step.id ? <code title={step.id}>{shortId(step.id)}</code> : <span class="muted">(id not recorded)</span>}
                {reused && <strong class="badge alert">{presentedLabel}</strong>}
                {!step.rotatedAt && !reused && <span class={live ? 'badge ok' : 'badge'}>{live ? 'current' : 'last issued'}</span>}
              </div>
              <div class="sub">
                created <Time iso={step.createdAt} /> · rotated <Time iso={step.rotatedAt} />
                {step.expiresAt && (
                  <>
                    {' '}
                    · expires <Time iso={step.expiresAt} />
                  </>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </>
  );
}
