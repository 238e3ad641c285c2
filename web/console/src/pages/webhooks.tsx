import { useState } from 'preact/hooks';
import {
  ConfirmDialog,
  ErrorMessage,
  Loading,
  Notice,
  PageTitle,
  Pager,
  Time,
  useAction,
  useAsync,
  useConsole,
  usePager,
} from '../components';
import type { Webhook } from '../types';

/** The event types an endpoint can subscribe to (API.md). */
const EVENTS = [
  'user.created',
  'user.deleted',
  'user.disabled',
  'user.email_changed',
  'session.revoked',
  'session.reuse_detected',
  'password.changed',
  'mfa.enrolled',
  'mfa.removed',
];

/** One endpoint's delivery log, newest first, with "Send test event". */
function Deliveries({ webhook }: { webhook: Webhook }) {
  const { api } = useConsole();
  const action = useAction();
  const pager = usePager([webhook.id]);
  const deliveries = useAsync(() => api.deliveries(webhook.id, pager.cursor), [webhook.id, pager.cursor]);
  const headingId = `deliveries-${webhook.id}`;
  return (
    <div class="deliveries">
      <h3 id={headingId}>Deliveries to {webhook.url}</h3>
      <button
        type="button"
        onClick={() =>
          action.run(
            () => api.sendTestEvent(webhook.id),
            'A test event is on its way.',
            () => setTimeout(deliveries.reload, 1500),
          )
        }
      >
        Send test event
      </button>
      <button type="button" onClick={deliveries.reload}>
        Refresh deliveries
      </button>
      <Notice text={action.notice} />
      <ErrorMessage error={action.error} />
      <ErrorMessage error={deliveries.error} />
      {deliveries.data && (
        <>
          <table aria-labelledby={headingId} aria-busy={deliveries.loading}>
            <caption>Messages to this endpoint, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last attempt</th>
                <th scope="col">Answer</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.items.length === 0 && (
                <tr>
                  <td colSpan={6} class="muted">
                    Nothing sent yet.
                  </td>
                </tr>
              )}
              {deliveries.data.items.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    {d.event}
                    <div class="sub">
                      <code>{d.id}</code>
                    </div>
                  </th>
                  <td>
                    <span class={`badge ${d.status === 'delivered' ? 'ok' : d.status === 'failed' ? 'disabled' : ''}`}>{d.status}</span>
                  </td>
                  <td>{d.attempts}</td>
                  <td>
                    <Time iso={d.lastAttemptAt} />
                  </td>
                  <td>{d.responseStatus ?? (d.lastError ? d.lastError : '—')}</td>
                  <td>
                    <Time iso={d.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager label={`Deliveries to ${webhook.url}`} pager={pager} nextCursor={deliveries.data.nextCursor} />
        </>
      )}
    </div>
  );
}

/** Webhook endpoints: add one (its secret is shown once), delete, and each one's deliveries. */
export function WebhooksPage() {
  const { api } = useConsole();
  const webhooks = useAsync(() => api.webhooks(), []);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['session.reuse_detected']);
  const [created, setCreated] = useState<{ url: string; secret: string }>();
  const [error, setError] = useState<unknown>();
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [notice, setNotice] = useState<string>();
  const [shown, setShown] = useState<string | null>(null);

  const add = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const webhook = await api.createWebhook({ url: url.trim(), events });
      setCreated({ url: webhook.url, secret: webhook.secret });
      setUrl('');
      webhooks.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section>
      <PageTitle title="Webhooks">Webhooks</PageTitle>
      <p class="hint">
        Each endpoint gets the events it subscribes to, signed the Standard Webhooks way with its secret (headers <code>webhook-id</code>,{' '}
        <code>webhook-timestamp</code>, <code>webhook-signature</code>), retried for 24 hours until it answers 2xx.
      </p>
      <form class="webhook-form" onSubmit={add} aria-labelledby="add-webhook">
        <h2 id="add-webhook">Add an endpoint</h2>
        <label for="webhook-url">Endpoint URL</label>
        <input
          id="webhook-url"
          type="url"
          required
          value={url}
          placeholder="https://hooks.example.com/auth"
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
        <fieldset>
          <legend>Events</legend>
          {EVENTS.map((name) => (
            <label key={name} class="check">
              <input
                type="checkbox"
                checked={events.includes(name)}
                onChange={(e) => setEvents(e.currentTarget.checked ? [...events, name] : events.filter((x) => x !== name))}
              />
              {name}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="primary" disabled={events.length === 0}>
          Add endpoint
        </button>
        <ErrorMessage error={error} />
      </form>
      {created && (
        <div class="notice secret" role="status">
          <p>Endpoint {created.url} added. Its signing secret, shown this once (store it with the receiver):</p>
          <p>
            <code data-testid="webhook-secret">{created.secret}</code>
          </p>
        </div>
      )}
      <Notice text={notice} />
      <ErrorMessage error={webhooks.error} />
      {webhooks.loading && !webhooks.data && <Loading what="webhooks" />}
      {webhooks.data && (
        <table aria-busy={webhooks.loading}>
          <caption>Endpoints</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {webhooks.data.length === 0 && (
              <tr>
                <td colSpan={4} class="muted">
                  No endpoint yet.
                </td>
              </tr>
            )}
            {webhooks.data.map((w) => (
              <tr key={w.id}>
                <th scope="row">{w.url}</th>
                <td>
                  {w.events.map((e) => (
                    <span key={e} class="badge">
                      {e}
                    </span>
                  ))}
                </td>
                <td>
                  <Time iso={w.createdAt} />
                </td>
                <td>
                  <button type="button" onClick={() => setShown(shown === w.id ? null : w.id)} aria-expanded={shown === w.id}>
                    Deliveries
                  </button>
                  <button type="button" class="danger" onClick={() => setDeleting(w)}>
                    Delete endpoint
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {webhooks.data
        ?.filter((w) => w.id === shown)
        .map((w) => (
          <Deliveries key={w.id} webhook={w} />
        ))}
      {deleting && (
        <ConfirmDialog
          title={`Delete the endpoint ${deleting.url}?`}
          confirmLabel="Delete endpoint"
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.deleteWebhook(deleting.id);
            setNotice(`Deleted the endpoint ${deleting.url}.`);
            if (shown === deleting.id) setShown(null);
            webhooks.reload();
          }}
        >
          <p>It hears of nothing from now on: messages not yet delivered to it are dropped, with its delivery log.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
