import { useState } from 'preact/hooks';
import { ConfirmDialog, ErrorMessage, Loading, Notice, PageTitle, Time, useAsync, useConsole } from '../components';
import { formatDuration, formatTime } from '../format';

const STATE_LABEL = { pending: 'Published, not yet used', active: 'In use', retired: 'Retired, still published' } as const;

/** Keys: the published signing and envelope keys, and an on-demand rotation. */
export function KeysPage() {
  const { api } = useConsole();
  const keys = useAsync(() => api.keys(), []);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string>();
  const data = keys.data;
  return (
    <section>
      <PageTitle title="Keys">Signing and envelope keys</PageTitle>
      <ErrorMessage error={keys.error} />
      {keys.loading && !data && <Loading what="the keys" />}
      {data && (
        <>
          <div class="explain" id="rotation-explained">
            <p>
              <strong>Rotate keys now</strong> publishes a new signing key (ES256, for access tokens) and a new envelope key (RSA-OAEP-256,
              for encrypted refresh requests) in the JWKS at once. The service starts using them after{' '}
              <strong>{formatDuration(data.activationDelaySeconds)}</strong> (KEY_ACTIVATION_DELAY), so that every instance and every
              service that caches the JWKS knows the new key before the first token signed with it.
            </p>
            <p>
              The previous keys stay published for {formatDuration(data.retiredKeyPublishedSeconds)} after that (the access-token lifetime
              plus a minute of clock skew), until every token they signed has expired. Nobody is logged out.
              {data.automaticRotationSeconds
                ? ` Keys also rotate by themselves every ${formatDuration(data.automaticRotationSeconds)} (SIGNING_KEY_ROTATION).`
                : ' Keys rotate only on demand (SIGNING_KEY_ROTATION is not set).'}
            </p>
          </div>
          <p>
            <button type="button" class="primary" aria-describedby="rotation-explained" onClick={() => setConfirming(true)}>
              Rotate keys now
            </button>
          </p>
          <Notice text={notice} />
          <table aria-busy={keys.loading}>
            <caption>Published keys, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Key id (kid)</th>
                <th scope="col">Use</th>
                <th scope="col">Algorithm</th>
                <th scope="col">Created</th>
                <th scope="col">Active from</th>
                <th scope="col">Retired</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((key) => (
                <tr key={key.kid} class={key.state === 'active' ? 'current' : undefined}>
                  <th scope="row">
                    <code class="kid">{key.kid}</code>
                  </th>
                  <td>{key.use === 'sig' ? 'Signing' : 'Envelope'}</td>
                  <td>{key.alg}</td>
                  <td>
                    <Time iso={key.createdAt} />
                  </td>
                  <td>
                    <Time iso={key.activatesAt} />
                  </td>
                  <td>
                    {key.state === 'active' && key.retiredAt ? (
                      <>
                        scheduled <Time iso={key.retiredAt} />
                      </>
                    ) : (
                      <Time iso={key.retiredAt} />
                    )}
                  </td>
                  <td>
                    <span class={`badge key-${key.state}`}>
                      {key.state === 'active' && key.retiredAt ? 'In use until the new key takes over' : STATE_LABEL[key.state]}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {confirming && data && (
        <ConfirmDialog
          title="Rotate the signing and envelope keys?"
          confirmLabel="Rotate keys now"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const rotation = await api.rotateKeys();
            setNotice(
              `New keys published; they take over at ${formatTime(rotation.activatesAt)} (in ${formatDuration(rotation.activationDelaySeconds)}).`,
            );
            keys.reload();
          }}
        >
          <p>
            A new key pair is published now and used from {formatDuration(data.activationDelaySeconds)} from now. Tokens signed with the
            current key stay valid until they expire.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
