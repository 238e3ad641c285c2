import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { isPrivateAddress } from './webhook-target.js';

/** The outcome of one attempt: a 2xx is delivered; anything else (or no answer) is retried. */
export interface AttemptResult {
  delivered: boolean;
  responseStatus: number | null;
  error: string | null;
}

export class PrivateAddressError extends Error {}

/**
 * A DNS lookup that refuses private and loopback addresses: every address the name resolves to
 * is judged, and the connection goes to one of the judged addresses (never a second resolution
 * that could answer differently, as in DNS rebinding).
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const refused = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (refused)
        return callback(new PrivateAddressError(`${hostname} resolves to ${refused.address}, a private or loopback address`), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/**
 * Signs a message the Standard Webhooks way (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, through the
 * `standardwebhooks` package) and POSTs it, within `timeoutMs` for the whole exchange.
 */
export function sendWebhook(
  message: { id: string; url: string; secret: string; body: string },
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<AttemptResult> {
  const timestamp = new Date();
  const signature = new Webhook(message.secret).sign(message.id, timestamp, message.body);
  const url = new URL(message.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'auth-service-webhooks',
          'webhook-id': message.id,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
        lookup: guardedLookup(options.allowPrivate),
        // an IP literal skips DNS: judge it here
      },
      (response: IncomingMessage) => {
        response.resume(); // the body is not read, only drained
        response.on('end', () =>
          finish({
            delivered: response.statusCode! >= 200 && response.statusCode! < 300,
            responseStatus: response.statusCode ?? null,
            error: null,
          }),
        );
        response.on('error', (error) => finish({ delivered: false, responseStatus: response.statusCode ?? null, error: error.message }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    req.on('error', (error) => finish({ delivered: false, responseStatus: null, error: error.message }));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivate && /^[\d.]+$|:/.test(host) && isPrivateAddress(host)) {
      req.destroy(new PrivateAddressError(`${host} is a private or loopback address`));
      return;
    }
    req.end(message.body);
  });
}
