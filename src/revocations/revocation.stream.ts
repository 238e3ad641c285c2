import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { RevocationBatch, RevocationHub } from './revocation.hub.js';
import { encodeCursor } from './revocation-cursor.js';
import { revocationJson, type Revocation } from './revocations.repository.js';

/** A reader that lets this much pile up unsent is not reading: drop it (it resumes from its cursor). */
const MAX_UNSENT_BYTES = 1 << 20;

/**
 * Serves one revocation stream on `reply` until the client leaves or the instance stops.
 * Subscribes before the catch-up read, so a revocation committed while the catch-up runs is
 * queued rather than missed; repeats are harmless to a guard.
 */
export async function openRevocationStream(
  reply: FastifyReply,
  hub: RevocationHub,
  catchUp: () => Promise<{ now: Date; revoked: Revocation[] }>,
  heartbeatSeconds: number,
): Promise<void> {
  const response = reply.raw;
  let queued: RevocationBatch[] | undefined = [];
  let heartbeat: NodeJS.Timeout | undefined;
  const send = (batch: RevocationBatch) => {
    response.write(event(batch));
    if (response.writableLength > MAX_UNSENT_BYTES) response.destroy();
  };
  const unsubscribe = hub.subscribe({
    push: (batch) => (queued ? queued.push(batch) : send(batch)),
    close: () => response.end(),
  });
  const socket = response.socket;
  const finish = () => {
    unsubscribe();
    clearInterval(heartbeat);
    // a client that goes away may leave the connection half-open; a stream never ends
    // otherwise, so nothing else would close it (and the server could not shut down)
    socket?.destroy();
  };
  response.once('close', finish);

  let first: { now: Date; revoked: Revocation[] };
  try {
    first = await catchUp();
  } catch (error) {
    finish();
    throw error; // nothing sent yet: the exception filter answers (503 when the database is down)
  }
  // From here on the stream is ours, not Fastify's (its headers, e.g. X-Request-Id, are kept).
  reply.hijack();
  response.writeHead(200, {
    ...(reply.getHeaders() as OutgoingHttpHeaders),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    // nginx and similar proxies must pass events through, not buffer them
    'x-accel-buffering': 'no',
  });
  response.write('retry: 1000\n\n');
  send({ revoked: first.revoked, at: first.now });
  for (const batch of queued) send(batch);
  queued = undefined;
  heartbeat = setInterval(() => response.write(': heartbeat\n\n'), heartbeatSeconds * 1000).unref();
}

/** Each batch is written to every open stream: serialize it once. */
const serialized = new WeakMap<RevocationBatch, string>();

/** One SSE event: id is the cursor to resume from, data the feed's JSON shape. */
function event(batch: RevocationBatch): string {
  let text = serialized.get(batch);
  if (text === undefined) {
    const data = JSON.stringify({ revoked: batch.revoked.map(revocationJson) });
    text = `id: ${encodeCursor(batch.at)}\nevent: revoked\ndata: ${data}\n\n`;
    serialized.set(batch, text);
  }
  return text;
}
