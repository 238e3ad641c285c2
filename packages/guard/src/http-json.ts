/** What the guard needs of a logger; Nest's Logger fits. */
export interface GuardLogger {
  log(message: string): void;
  warn(message: string): void;
}

export type FetchLike = (
  url: string,
  init: { headers?: Record<string, string>; signal?: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  /** The streaming body and headers, for the revocation stream; a fetch without them gets polling only. */
  body?: ReadableStream<Uint8Array> | null;
  headers?: { get(name: string): string | null };
}>;

/** GET `url` as JSON within `timeoutMs`; throws with a short reason on any failure. */
export async function getJson(
  fetchImpl: FetchLike,
  url: string,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const response = await fetchImpl(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/**
 * Runs `task` every `seconds` (never overlapping itself) until the returned stop function is
 * called. The task reports its own failures; one that escapes must not stop the loop or the process.
 */
export function every(seconds: number, task: () => Promise<unknown>): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    // unref: a poll loop must never be what keeps a process alive
    timer = setTimeout(
      () =>
        void task()
          .catch(() => undefined)
          .finally(schedule),
      seconds * 1000,
    ).unref();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
