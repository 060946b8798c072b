import net from 'node:net';

/**
 * A TCP round-robin load balancer on loopback, in front of several API nodes. Each client
 * connection is piped whole to one backend, so HTTP keep-alive and WebSocket upgrades pass as they
 * are. A backend taken out (as a health check would) gets no new connections; one that refuses a
 * connection (a killed node still in rotation) is skipped for the next. When a backend's side of a
 * connection closes, the client's side closes too, as a real balancer's does.
 */
export class Balancer {
  private turn = 0;
  private readonly out = new Set<number>();
  private readonly open: Array<Set<net.Socket>>;
  /** The backend each accepted connection went to, in order of acceptance. */
  readonly routed: number[] = [];

  private constructor(
    private readonly server: net.Server,
    private readonly ports: number[],
  ) {
    this.open = ports.map(() => new Set());
  }

  static async start(ports: number[]): Promise<Balancer> {
    const server = net.createServer();
    const balancer = new Balancer(server, ports);
    server.on('connection', (client) => {
      client.on('error', () => client.destroy());
      balancer.route(client, new Set());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return balancer;
  }

  get url(): string {
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('the balancer is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Stops sending new connections to a backend; those open stay until either side closes. */
  takeOut(backend: number): void {
    this.out.add(backend);
  }

  putBack(backend: number): void {
    this.out.delete(backend);
  }

  /** Client connections piped to a backend now. */
  connectionsTo(backend: number): number {
    return this.open[backend]?.size ?? 0;
  }

  async close(): Promise<void> {
    for (const set of this.open) for (const socket of set) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(client: net.Socket, tried: Set<number>): void {
    const candidates = this.ports.map((_, i) => i).filter((i) => !this.out.has(i) && !tried.has(i));
    if (candidates.length === 0) {
      client.destroy();
      return;
    }
    const backend = candidates[this.turn++ % candidates.length] ?? candidates[0];
    tried.add(backend);
    // The client's bytes wait, unread, until the backend has answered the connection.
    const upstream = net.connect(this.ports[backend], '127.0.0.1');
    upstream.once('error', () => this.route(client, tried));
    upstream.once('connect', () => {
      upstream.removeAllListeners('error');
      this.routed.push(backend);
      const set = this.open[backend];
      set.add(client);
      const end = () => {
        set.delete(client);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    client.once('close', () => upstream.destroy());
  }
}
