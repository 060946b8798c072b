import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ImapFlow } from 'imapflow';

const DOVECOT = '/usr/sbin/dovecot';

/**
 * A real IMAP server for tests: Debian's Dovecot (dovecot-imapd, which .ci/run installs) in the
 * foreground on a loopback port, with one user and a Maildir in a temporary folder.
 */
export class ImapServer {
  private constructor(
    private readonly process: ChildProcess,
    private readonly dir: string,
    readonly port: number,
    readonly user: string,
    readonly password: string,
  ) {}

  static async start(): Promise<ImapServer> {
    const dir = mkdtempSync(join(tmpdir(), 'ieum-imap-'));
    chmodSync(dir, 0o755);
    const home = join(dir, 'home');
    mkdirSync(home);
    mkdirSync(join(dir, 'run'));
    mkdirSync(join(dir, 'state'));
    // Mail is kept as the dovecot system user (the package creates it); tests run as root.
    const owner =
      userInfo().uid === 0 ? execFileSync('id', ['-u', 'dovecot']).toString().trim() : String(userInfo().uid);
    const group =
      userInfo().uid === 0 ? execFileSync('id', ['-g', 'dovecot']).toString().trim() : String(userInfo().gid);
    chownSync(home, Number(owner), Number(group));
    const port = await freePort();
    const user = 'poll';
    const password = 'poll-secret';
    writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`);
    writeFileSync(
      join(dir, 'dovecot.conf'),
      [
        'protocols = imap',
        'listen = 127.0.0.1',
        `base_dir = ${dir}/run`,
        `state_dir = ${dir}/state`,
        `log_path = ${dir}/log`,
        'ssl = no',
        'disable_plaintext_auth = no',
        'auth_mechanisms = plain login',
        'first_valid_uid = 1',
        `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN ${dir}/passwd\n}`,
        `userdb {\n  driver = static\n  args = uid=${owner} gid=${group} home=${home}/%u\n}`,
        'mail_location = maildir:~/Maildir',
        `service imap-login {\n  inet_listener imap {\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
        'service pop3-login {\n  inet_listener pop3 {\n    port = 0\n  }\n}',
        'service submission-login {\n  inet_listener submission {\n    port = 0\n  }\n}',
        '',
      ].join('\n'),
    );
    const child = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const server = new ImapServer(child, dir, port, user, password);
    for (let waited = 0; !(await accepts(port)); waited += 50) {
      if (child.exitCode !== null || waited > 10_000) {
        await server.close();
        throw new Error(`dovecot did not start: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return server;
  }

  get url(): string {
    return `imap://${this.user}:${this.password}@127.0.0.1:${this.port}`;
  }

  /** Delivers a mail into INBOX over IMAP (APPEND), as a mail server's delivery would leave it. */
  async append(raw: string | Buffer): Promise<number | undefined> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: this.port,
      secure: false,
      auth: { user: this.user, pass: this.password },
      logger: false,
    });
    await client.connect();
    try {
      const result = await client.append('INBOX', raw);
      return result ? result.uid : undefined;
    } finally {
      await client.logout();
    }
  }

  async close(): Promise<void> {
    if (this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      this.process.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
