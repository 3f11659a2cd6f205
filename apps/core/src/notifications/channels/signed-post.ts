import { createHmac } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import { OutboundRefused, outboundPost } from '../../outbound/outbound-client';

/** Headers of every signed request we send (notice provider and webhooks). */
export const SIGNATURE_HEADER = 'x-pushbilling-signature';
export const TIMESTAMP_HEADER = 'x-pushbilling-timestamp';

const TIMEOUT_MS = 10_000;

/**
 * HMAC-SHA256 over `<timestamp>.<body>` as `sha256=<hex>`: the timestamp is
 * signed with the body so a receiver can refuse replays of old requests.
 */
export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface PostResult {
  status: number;
  /** The first 4 KiB of the answer at most (a provider may put its message id there). */
  body: string;
}

/** A refusal the receiver will repeat whatever we do (4xx but timeout and rate limit): retrying is pointless. */
function permanent(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * POSTs a signed JSON body through the outbound guard (OUTBOUND_ALLOW_PRIVATE
 * lifts it). Resolves only on a 2xx answer (the receiver took it); throws an
 * HttpRefusal otherwise, unrecoverable for a permanent refusal or a forbidden
 * target so that BullMQ stops retrying it. The error names the status and
 * host only: a receiver's answer is never stored or shown.
 */
export async function postSigned(
  url: string,
  secret: string,
  payload: unknown,
  headers: Record<string, string>,
  allowPrivate: boolean,
): Promise<PostResult> {
  const body = JSON.stringify(payload);
  // Wall time, not the billing clock (which may be simulated): receivers check it against their own clock.
  const timestamp = Math.floor(Date.now() / 1000);
  const signed = {
    'content-type': 'application/json',
    'user-agent': 'push-billing',
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: sign(secret, timestamp, body),
    ...headers,
  };
  let response: { status: number; body: string };
  try {
    response = await outboundPost(url, body, signed, { timeoutMs: TIMEOUT_MS, allowPrivate });
  } catch (error) {
    if (error instanceof OutboundRefused) throw new UnrecoverableError(error.message);
    throw error;
  }
  if (response.status >= 200 && response.status < 300) return response;
  const message = `HTTP ${response.status} from ${new URL(url).host}`;
  throw permanent(response.status) ? new PermanentHttpRefusal(message, response.status) : new HttpRefusal(message, response.status);
}

/** A non-2xx answer worth retrying. */
export class HttpRefusal extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export class PermanentHttpRefusal extends UnrecoverableError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The HTTP status of a refusal, for the delivery record (null: no answer at all). */
export function refusalStatus(error: unknown): number | null {
  return error instanceof HttpRefusal || error instanceof PermanentHttpRefusal ? error.status : null;
}
