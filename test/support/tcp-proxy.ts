import { createServer, Server, Socket } from 'node:net';

/**
 * How a cut store looks from the processes under test: `refuse` is a stopped
 * server (new connections are refused at once), `blackhole` a dead network
 * path (connections are taken and never answered, so only the clients' own
 * timeouts end them).
 */
export type CutMode = 'refuse' | 'blackhole';

/**
 * A TCP proxy put between the processes under test and Postgres or Redis, so
 * that a test can take the store away and bring it back without touching the
 * server the other tests share. Processes get `url(...)` in DATABASE_URL or
 * REDIS_URL.
 */
export class TcpProxy {
  private readonly open = new Set<Socket>();
  private mode: CutMode | null = null;
  private server: Server;

  private constructor(
    private readonly target: { host: string; port: number },
    public port = 0,
  ) {
    this.server = this.newServer();
  }

  /** A proxy to the host and port of `url` (e.g. the test database's URL). */
  static async to(url: string): Promise<TcpProxy> {
    const { hostname, port } = new URL(url);
    const defaultPort = url.startsWith('redis') ? 6379 : 5432;
    const proxy = new TcpProxy({ host: hostname, port: Number(port || defaultPort) });
    await proxy.listen();
    return proxy;
  }

  /** `url` with its host and port replaced by the proxy's. */
  url(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  /** Breaks every open connection and takes the store away until `restore`. */
  async cut(mode: CutMode): Promise<void> {
    this.mode = mode;
    this.dropAll();
    if (mode === 'refuse') await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Brings the store back: connections are forwarded again (connections held by a blackhole are broken, as a recovering network would). */
  async restore(): Promise<void> {
    const wasRefusing = this.mode === 'refuse';
    this.mode = null;
    this.dropAll();
    if (wasRefusing) {
      this.server = this.newServer();
      await this.listen();
    }
  }

  async close(): Promise<void> {
    this.mode = 'refuse';
    this.dropAll();
    await new Promise<void>((resolve) => (this.server.listening ? this.server.close(() => resolve()) : resolve()));
  }

  private newServer(): Server {
    return createServer((client) => this.accept(client));
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as { port: number }).port;
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.mode === 'blackhole') return;
    const upstream = new Socket();
    this.track(upstream);
    upstream.connect(this.target.port, this.target.host);
    client.pipe(upstream);
    upstream.pipe(client);
    const both = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', both);
    upstream.on('close', both);
  }

  private track(socket: Socket): void {
    this.open.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.open.delete(socket));
  }

  private dropAll(): void {
    for (const socket of this.open) socket.destroy();
    this.open.clear();
  }
}
