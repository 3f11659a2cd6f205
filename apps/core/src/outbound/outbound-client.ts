import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isForbiddenAddress, outboundUrlRefusal } from './outbound.rules';

/** What an answer may cost us: the rest is never read. */
export const MAX_ANSWER_BYTES = 4096;

export interface OutboundAnswer {
  status: number;
  /** At most MAX_ANSWER_BYTES of the answer, as text. */
  body: string;
}

export class OutboundRefused extends Error {}

/**
 * Resolves like the system resolver, then refuses a forbidden address: the
 * address checked is the one the socket connects to (no second resolution
 * between check and connect for a rebinding name to exploit).
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      const allowed = allowPrivate ? addresses : addresses.filter((a) => !isForbiddenAddress(a.address));
      if (allowed.length === 0) {
        return callback(new OutboundRefused(`${hostname} resolves to a loopback, private, link-local or reserved address`), '', 4);
      }
      if ((options as { all?: boolean }).all) return callback(null, [allowed[0]]);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

/**
 * The one HTTP client of every outbound call (webhooks, the notification
 * provider, provisioning): the target checked before connecting (an IP
 * literal here, a name by the lookup above), no redirect followed (a 3xx is
 * an answer like any other), at most 4 KiB of the answer read, a timeout.
 */
export function outboundPost(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<OutboundAnswer> {
  const refusal = outboundUrlRefusal(url, options.allowPrivate);
  if (refusal) return Promise.reject(new OutboundRefused(`refused outbound call to ${safeHost(url)}: ${refusal}`));
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: guardedLookup(options.allowPrivate),
        timeout: options.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8') });
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= MAX_ANSWER_BYTES) {
            response.destroy();
            done();
          }
        });
        response.on('end', done);
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer from ${target.host} within ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}
