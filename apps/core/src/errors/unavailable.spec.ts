import { isUnavailable } from './unavailable';

describe('isUnavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['pg pool acquire timeout', new Error('timeout exceeded when trying to connect')],
    ['statement_timeout', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })],
    ['lock_timeout', Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' })],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['Prisma pool timeout', Object.assign(new Error('Timed out fetching a new connection'), { code: 'P2024' })],
    ['a Prisma adapter error', Object.assign(new Error('x'), { cause: { kind: 'DatabaseNotReachable' } })],
    ['ioredis without offline queue', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['a wrapped cause', new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'ECONNRESET' }) })],
  ])('%s is unavailable', (_name, error) => {
    expect(isUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('%s is not', (_name, error) => {
    expect(isUnavailable(error)).toBe(false);
  });
});
