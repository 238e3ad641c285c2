import { ErrorMessage, Loading, PageTitle, Time, useAsync, useConsole } from '../components';
import type { Overview, SeriesName } from '../types';

const LABELS: Record<SeriesName, string> = {
  logins: 'Logins',
  loginFailures: 'Failed logins',
  refreshes: 'Refreshes',
  reuseDetections: 'Reuse detections',
  deviceMismatches: 'Device mismatches',
};
const CHARTED: SeriesName[] = ['logins', 'refreshes', 'reuseDetections'];

function hourLabel(iso: string): string {
  return `${String(new Date(iso).getHours()).padStart(2, '0')}:00`;
}

/** Bars per hour for one series, on its own scale; the numbers are in the table below. */
function HourlyChart({ overview, series }: { overview: Overview; series: SeriesName }) {
  const values = overview.hourly.map((bucket) => bucket[series]);
  const max = Math.max(1, ...values);
  const width = 24 * 12;
  const height = 70;
  const total = overview.totals[series];
  const peak = Math.max(...values);
  return (
    <figure class={`chart series-${series}`}>
      <figcaption>{LABELS[series]} per hour</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height + 14}`}
        role="img"
        aria-label={`${LABELS[series]} per hour over the last 24 hours: ${total} in total, at most ${peak} in one hour`}
      >
        <line x1="0" y1={height + 0.5} x2={width} y2={height + 0.5} class="axis" />
        {values.map((value, i) => {
          const h = value === 0 ? 0 : Math.max(2, (value / max) * (height - 12));
          return (
            <rect key={i} x={i * 12 + 1} y={height - h} width="10" height={h} class="bar">
              <title>{`${hourLabel(overview.hourly[i]!.hour)}: ${value}`}</title>
            </rect>
          );
        })}
        <text x="0" y="8" class="tick">{`max ${max}/h`}</text>
        <text x="0" y={height + 12} class="tick">
          {hourLabel(overview.hourly[0]!.hour)}
        </text>
        <text x={width} y={height + 12} class="tick end">
          now
        </text>
      </svg>
    </figure>
  );
}

/** Overview: live sessions now, and logins, refreshes and reuse over the last 24 hours. */
export function OverviewPage() {
  const { api } = useConsole();
  const overview = useAsync(() => api.overview(), []);
  const data = overview.data;
  return (
    <section>
      <PageTitle title="Overview">Overview</PageTitle>
      <ErrorMessage error={overview.error} />
      {overview.loading && !data && <Loading what="the overview" />}
      {data && (
        <>
          <p class="hint">
            Since <Time iso={data.from} /> (the last 24 hours, by the hour).{' '}
            <button type="button" class="link" onClick={overview.reload}>
              Refresh
            </button>
          </p>
          <h2 id="totals-heading">Last 24 hours</h2>
          <ul class="cards" aria-labelledby="totals-heading">
            <li class="card">
              <span class="value">{data.liveSessions}</span>
              <span class="label">Live sessions now</span>
            </li>
            {(Object.keys(LABELS) as SeriesName[]).map((series) => (
              <li
                key={series}
                class={`card ${(series === 'reuseDetections' || series === 'deviceMismatches') && data.totals[series] > 0 ? 'alert' : ''}`}
              >
                <span class="value">{data.totals[series]}</span>
                <span class="label">{LABELS[series]}</span>
              </li>
            ))}
          </ul>
          <div class="charts">
            {CHARTED.map((series) => (
              <HourlyChart key={series} overview={data} series={series} />
            ))}
          </div>
          <details>
            <summary>Hourly numbers</summary>
            <table>
              <caption>Events per hour, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Hour</th>
                  {(Object.keys(LABELS) as SeriesName[]).map((s) => (
                    <th key={s} scope="col">
                      {LABELS[s]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.hourly.map((bucket) => (
                  <tr key={bucket.hour}>
                    <th scope="row">
                      <Time iso={bucket.hour} />
                    </th>
                    {(Object.keys(LABELS) as SeriesName[]).map((s) => (
                      <td key={s} class="num">
                        {bucket[s]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
