import { createHmac } from 'node:crypto';
import { sign } from './signed-post';

describe('request signatures', () => {
  it('is HMAC-SHA256 of "<timestamp>.<body>" in hex, prefixed sha256=', () => {
    const expected = createHmac('sha256', 'secret-0123456789').update('1767225600.{"a":1}').digest('hex');
    expect(sign('secret-0123456789', 1767225600, '{"a":1}')).toBe(`sha256=${expected}`);
  });

  it('changes with the timestamp, so an old request cannot be replayed as new', () => {
    expect(sign('s', 1, 'body')).not.toBe(sign('s', 2, 'body'));
  });
});
