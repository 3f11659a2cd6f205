import type { FastifyReply } from 'fastify';
import type { ReplayableAnswer } from '../../../core/src/idempotency/idempotency.service';

/** A write answered under an Idempotency-Key: a replay says so in a header (and a stored answer keeps its first status). */
export function idempotentReply<B>(reply: FastifyReply, body: B, replayed: boolean, status?: number): B {
  if (status !== undefined) void reply.status(status);
  if (replayed) void reply.header('Idempotent-Replayed', 'true');
  return body;
}

/** Sends a stored or fresh idempotent answer with its own status. */
export function sendAnswer<B>(reply: FastifyReply, answer: ReplayableAnswer<B>): B {
  return idempotentReply(reply, answer.body, answer.replayed, answer.status);
}
