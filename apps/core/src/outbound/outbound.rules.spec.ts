import { isForbiddenAddress, outboundUrlRefusal } from './outbound.rules';

describe('Outbound targets', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '::1',
    '::',
    'fd00::1',
    'fc00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '224.0.0.1',
    '255.255.255.255',
  ])('refuses %s', (address) => expect(isForbiddenAddress(address)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111'])('allows %s', (address) =>
    expect(isForbiddenAddress(address)).toBe(false),
  );

  it('refuses local URLs at save time, and lets OUTBOUND_ALLOW_PRIVATE lift it', () => {
    for (const url of [
      'http://127.0.0.1:8080/x',
      'http://169.254.169.254/latest/meta-data',
      'http://10.1.2.3/',
      'http://[::1]/',
      'http://localhost:3000/',
      'https://api.localhost/',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      expect(outboundUrlRefusal(url, false)).not.toBeNull();
      expect(outboundUrlRefusal(url, true)).toBeNull();
    }
    expect(outboundUrlRefusal('https://hooks.example.com/billing', false)).toBeNull();
    expect(outboundUrlRefusal('ftp://example.com/', true)).toMatch(/http/);
    expect(outboundUrlRefusal('https://user:pw@example.com/', true)).toMatch(/credentials/);
  });
});
