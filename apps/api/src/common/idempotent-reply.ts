import type { FastifyReply } from 'fastify';

/** A write answered under an Idempotency-Key: a replay says so in a header (and a stored answer keeps its first status). */
export function idempotentReply<B>(reply: FastifyReply, body: B, replayed: boolean, status?: number): B {
  if (status !== undefined) void reply.status(status);
  if (replayed) void reply.header('Idempotent-Replayed', 'true');
  return body;
}
