import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { postSigned } from '../../apps/core/src/notifications/channels/signed-post';
import { MAX_ANSWER_BYTES, OutboundRefused, outboundPost } from '../../apps/core/src/outbound/outbound-client';
import { TestSystem } from '../support/system';
import { answer } from '../support/api-client';

/** A hostile or misconfigured receiver, and targets inside the private network. */
describe('Outbound guard', () => {
  let system: TestSystem;
  let server: Server;
  let port: number;
  const hits: string[] = [];

  beforeAll(async () => {
    system = await TestSystem.start({ env: { OUTBOUND_ALLOW_PRIVATE: 'false' } });
    server = createServer((request, response) => {
      hits.push(request.url ?? '');
      if (request.url === '/big') return response.end('x'.repeat(1024 * 1024));
      if (request.url === '/redirect') {
        response.writeHead(302, { location: `http://127.0.0.1:${port}/landed` });
        return response.end();
      }
      response.writeHead(500);
      response.end('internal secrets of the receiver: db password hunter2');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.close();
    await system.stop();
  });

  const saveEndpoint = (url: string) => answer(system.http.POST('/v1/webhook-endpoints', { body: { url, eventTypes: ['app.suspended'] } }));

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.1.2.3/hook',
    'http://[::1]/hook',
    'http://localhost:3000/hook',
    'http://100.64.1.1/',
    'http://[fd00::1]/',
  ])('refuses to save a webhook endpoint at %s', async (url) => {
    const reply = await saveEndpoint(url);
    expect(reply).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED', field: 'url' } });
  });

  it('saves a public name, and refuses it at send time when it resolves into the private network', async () => {
    // This machine's own name resolves to a loopback address: allowed when saved, refused when connected to.
    const url = `http://${hostname()}:${port}/hook`;
    expect((await saveEndpoint(url)).status).toBe(201);
    const before = hits.length;
    await expect(outboundPost(url, '{}', {}, { timeoutMs: 2_000, allowPrivate: false })).rejects.toBeInstanceOf(OutboundRefused);
    expect(hits.length).toBe(before);
  });

  it('follows no redirect and reads at most 4 KiB of an answer', async () => {
    const redirect = await outboundPost(`http://127.0.0.1:${port}/redirect`, '{}', {}, { timeoutMs: 2_000, allowPrivate: true });
    expect(redirect.status).toBe(302);
    expect(hits).not.toContain('/landed');
    const big = await outboundPost(`http://127.0.0.1:${port}/big`, '{}', {}, { timeoutMs: 2_000, allowPrivate: true });
    expect(big.body.length).toBe(MAX_ANSWER_BYTES);
  });

  it("keeps none of a receiver's error answer: the recorded error names the status and host only", async () => {
    await expect(postSigned(`http://127.0.0.1:${port}/fail`, 'secret-0123456789abcdef', { a: 1 }, {}, true)).rejects.toThrow(
      new RegExp(`^HTTP 500 from 127\\.0\\.0\\.1:${port}$`),
    );
  });
});
