import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got, with whether its signature verified against the endpoint's secret. */
export interface ReceivedHook {
  id: string;
  verified: boolean;
  payload: { type: string; timestamp: string; data: Record<string, any> } | undefined;
  answered: number;
  at: number;
}

/**
 * A webhook receiver in the test process that checks each request with the `standardwebhooks`
 * package (the receiving side of the scheme, as a real receiver would) and answers what
 * `respond` says (default 204). Tracks how many requests for one message are in flight at once.
 */
export async function startWebhookReceiver() {
  const received: ReceivedHook[] = [];
  const inFlight = new Map<string, number>();
  let maxConcurrentPerMessage = 0;
  let secret: string | undefined;
  let respond: (hook: ReceivedHook, nth: number) => number | Promise<number> = () => 204;
  const sockets = new Set<Socket>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(request.headers['webhook-id'] ?? '');
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      maxConcurrentPerMessage = Math.max(maxConcurrentPerMessage, inFlight.get(id)!);
      let payload: ReceivedHook['payload'];
      let verified = false;
      try {
        payload = new Webhook(secret!).verify(body, {
          'webhook-id': id,
          'webhook-timestamp': String(request.headers['webhook-timestamp']),
          'webhook-signature': String(request.headers['webhook-signature']),
        }) as ReceivedHook['payload'];
        verified = true;
      } catch {
        payload = undefined;
      }
      const hook: ReceivedHook = { id, verified, payload, answered: 0, at: Date.now() };
      const nth = received.filter((r) => r.id === id).length + 1;
      received.push(hook);
      const status = await respond(hook, nth);
      hook.answered = status;
      inFlight.set(id, inFlight.get(id)! - 1);
      if (!response.destroyed) response.writeHead(status).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    get maxConcurrentPerMessage() {
      return maxConcurrentPerMessage;
    },
    useSecret(value: string) {
      secret = value;
    },
    respondWith(fn: typeof respond) {
      respond = fn;
    },
    /** The acknowledged (2xx) requests of a message. */
    acknowledged(id: string) {
      return received.filter((r) => r.id === id && r.answered >= 200 && r.answered < 300);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
