import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { FetchLike } from './http-json.js';

export interface EventStreamHandlers {
  /** The response is a live event stream. */
  onOpen(): void;
  onEvent(event: EventSourceMessage): void;
  /** Any sign of life: an event or a heartbeat comment. */
  onAlive(): void;
}

/**
 * Reads one Server-Sent Events response until it ends, `signal` aborts, or it stays silent
 * for `idleMs` (a dead connection that never closed, a proxy holding it). Resolves when the
 * server ends the stream; rejects with the reason otherwise. The SSE framing is parsed by
 * eventsource-parser.
 */
export async function readEventStream(
  fetchImpl: FetchLike,
  url: string,
  headers: Record<string, string>,
  idleMs: number,
  signal: AbortSignal,
  handlers: EventStreamHandlers,
): Promise<void> {
  const controller = new AbortController();
  const abort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', abort, { once: true });
  let idle: NodeJS.Timeout | undefined;
  const alive = () => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(new Error(`the stream was silent for ${idleMs / 1000} s`)), idleMs).unref();
  };
  try {
    alive(); // the connection and the response headers count too
    const response = await fetchImpl(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const type = response.headers?.get('content-type') ?? '';
    if (!response.body || !type.startsWith('text/event-stream')) throw new Error('the response is not an event stream');
    handlers.onOpen();
    const parser = createParser({
      onEvent: (event) => handlers.onEvent(event),
      onComment: () => handlers.onAlive(),
    });
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        alive();
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
    if (controller.signal.aborted) throw controller.signal.reason;
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(idle);
    signal.removeEventListener('abort', abort);
  }
}
