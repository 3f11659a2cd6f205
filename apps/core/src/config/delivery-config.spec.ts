import { loadConfig } from './config';

const base = { DATABASE_URL: 'postgresql://localhost/x' };

describe('delivery settings', () => {
  it('leaves every channel off by default, with ten attempts from a 10 s backoff', () => {
    expect(loadConfig(base).delivery).toEqual({ smtp: undefined, http: undefined, attempts: 10, backoffMs: 10_000 });
  });

  it('reads the SMTP server and the HTTP provider', () => {
    const config = loadConfig({
      ...base,
      SMTP_URL: 'smtps://user:pw@mail.example:465',
      SMTP_FROM: 'Billing <billing@example.com>',
      NOTIFY_HTTP_URL: 'https://sms.example/send',
      NOTIFY_HTTP_SECRET: '0123456789abcdef',
      DELIVERY_ATTEMPTS: '3',
      DELIVERY_BACKOFF_MS: '500',
    });
    expect(config.delivery).toEqual({
      smtp: { url: 'smtps://user:pw@mail.example:465', from: 'Billing <billing@example.com>' },
      http: { url: 'https://sms.example/send', secret: '0123456789abcdef' },
      attempts: 3,
      backoffMs: 500,
    });
  });

  it('stops on half a channel or a bad value, naming the variable', () => {
    expect(() => loadConfig({ ...base, SMTP_URL: 'smtp://mail.example' })).toThrow('SMTP_URL and SMTP_FROM must be set together');
    expect(() => loadConfig({ ...base, SMTP_URL: 'http://mail.example', SMTP_FROM: 'x@y.z' })).toThrow('SMTP_URL');
    expect(() => loadConfig({ ...base, NOTIFY_HTTP_URL: 'https://sms.example', NOTIFY_HTTP_SECRET: 'short' })).toThrow(
      'NOTIFY_HTTP_SECRET',
    );
    expect(() => loadConfig({ ...base, DELIVERY_ATTEMPTS: '0' })).toThrow('DELIVERY_ATTEMPTS');
  });
});
