import type { FastifyReply } from 'fastify';

/** A write answered under an Idempotency-Key: a replay keeps the first status and says so in a header. */
export function idempotentReply<B>(reply: FastifyReply, body: B, replayed: boolean): B {
  if (replayed) void reply.header('Idempotent-Replayed', 'true');
  return body;
}
