import { useState } from 'preact/hooks';
import { DetailList, ErrorMessage, Loading, PageTitle, Pager, Time, useAsync, useConsole, usePager } from '../components';
import { ALERT_TYPES, AUDIT_TYPES, shortId, typeLabel } from '../format';
import { href } from '../router';
import type { AuditEvent } from '../types';

/** Audit events, newest first; reuse detections and device mismatches stand out (not by colour alone). */
export function AuditTable({ events, caption }: { events: AuditEvent[]; caption: string }) {
  return (
    <table class="audit">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Event</th>
          <th scope="col">User</th>
          <th scope="col">Session</th>
          <th scope="col">IP</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {events.length === 0 && (
          <tr>
            <td colSpan={6} class="muted">
              No event.
            </td>
          </tr>
        )}
        {events.map((event) => {
          const alert = ALERT_TYPES.has(event.type);
          return (
            <tr key={event.id} class={alert ? 'alert' : undefined}>
              <td>
                <Time iso={event.at} />
              </td>
              <th scope="row">
                {alert && (
                  <span class="alert-mark" aria-hidden="true">
                    ⚠{' '}
                  </span>
                )}
                <span class={alert ? 'badge alert' : 'badge'}>{typeLabel(event.type, event.detail)}</span>
                <div class="sub">
                  <code>{event.type}</code>
                </div>
              </th>
              <td>
                {event.userId ? (
                  <a href={href.user(event.userId)} aria-label={`user ${event.userId}`}>
                    {shortId(event.userId)}
                  </a>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {event.sessionId ? (
                  <a href={href.session(event.sessionId)} aria-label={`session ${event.sessionId}`}>
                    {shortId(event.sessionId)}
                  </a>
                ) : (
                  '—'
                )}
              </td>
              <td>{event.ip ?? '—'}</td>
              <td>
                <DetailList detail={event.detail} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Audit: filter by type, user and session (kept in the URL), newest first, page by page. */
export function AuditPage({ type, userId, sessionId }: { type: string; userId: string; sessionId: string }) {
  const { api } = useConsole();
  const [form, setForm] = useState({ type, userId, sessionId });
  const pager = usePager([type, userId, sessionId]);
  const events = useAsync(() => api.audit({ type, userId, sessionId }, pager.cursor), [type, userId, sessionId, pager.cursor]);
  const filtered = type || userId || sessionId;

  return (
    <section>
      <PageTitle title="Audit">Audit trail</PageTitle>
      <form
        class="filters"
        aria-label="Filter events"
        onSubmit={(e) => {
          e.preventDefault();
          location.hash = href.audit({ type: form.type, userId: form.userId.trim(), sessionId: form.sessionId.trim() });
        }}
      >
        <label>
          Event type
          <select value={form.type} onChange={(e) => setForm({ ...form, type: e.currentTarget.value })}>
            <option value="">Any type</option>
            {Object.entries(AUDIT_TYPES).map(([value, label]) => (
              <option key={value} value={value}>
                {label} ({value})
              </option>
            ))}
          </select>
        </label>
        <label>
          User id
          <input value={form.userId} size={38} spellcheck={false} onInput={(e) => setForm({ ...form, userId: e.currentTarget.value })} />
        </label>
        <label>
          Session id
          <input
            value={form.sessionId}
            size={38}
            spellcheck={false}
            onInput={(e) => setForm({ ...form, sessionId: e.currentTarget.value })}
          />
        </label>
        <button type="submit" class="primary">
          Apply filters
        </button>
        {filtered && (
          <a href={href.audit()} onClick={() => setForm({ type: '', userId: '', sessionId: '' })}>
            Clear filters
          </a>
        )}
      </form>
      <ErrorMessage error={events.error} />
      {events.loading && !events.data && <Loading what="events" />}
      {events.data && (
        <>
          <AuditTable events={events.data.items} caption={filtered ? 'Matching events, newest first' : 'All events, newest first'} />
          <Pager label="Events" pager={pager} nextCursor={events.data.nextCursor} />
        </>
      )}
    </section>
  );
}
