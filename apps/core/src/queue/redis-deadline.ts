/**
 * A Redis call, bounded: BullMQ's connection waits for Redis without limit (it
 * must, for workers), so a caller that must not hang (a health probe, the
 * outbox relay holding a transaction) puts a deadline on it. Past the deadline
 * the caller goes on without the answer; the call itself may still land when
 * Redis returns (every job id the relay adds is deterministic, so a late
 * landing is harmless).
 */
export async function withinDeadline<T>(call: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms (${what})`)), ms);
  });
  try {
    return await Promise.race([call, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
