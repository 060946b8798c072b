export const ROLES = ['api', 'worker', 'smtp'] as const;
export type Role = (typeof ROLES)[number];

/** The typed, validated configuration every module receives (never process.env). */
export interface AppConfig {
  roles: ReadonlySet<Role>;
  dataDir: string;
  logLevel: string;
  /** json lines, or one readable line each (the default on a terminal). */
  logFormat: 'json' | 'pretty';
  http: { host: string; port: number; publicUrl: string; trustProxy: string | number };
  /** The built web client (index.html and assets/) the api role serves at `/`; undefined when it was not built. */
  web: { dir: string | undefined };
  database: { url: string | undefined; poolSize: number };
  redis: { url: string | undefined };
  /** lockSeconds: how long a worker holds a job between lock renewals; a dead worker's jobs are taken over after it. */
  bus: { prefix: string; lockSeconds: number };
  auth: {
    jwtSecret: string | undefined;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    loginMaxFailuresPerAccount: number;
    loginMaxAttemptsPerAddress: number;
    loginWindowSeconds: number;
    /** PASSWORD_LOGIN_ENABLED: false when every person signs in through single sign-on. */
    passwordLoginEnabled: boolean;
  };
  /** OpenID Connect single sign-on; undefined when OIDC_ISSUER is unset. */
  sso: SsoConfig | undefined;
  jitsi: {
    domain: string | undefined;
    appId: string | undefined;
    appSecret: string | undefined;
    marginMinutes: number;
    /** The bearer token the deployment's event_sync component sends with attendance events. */
    webhookToken: string | undefined;
    /** Whether citizens' consultations may use the public meet.jit.si when no deployment is configured. */
    publicAllowedForCitizens: boolean;
  };
  webhooks: {
    /** Hosts, addresses and CIDR ranges outgoing webhooks may reach though the SSRF guard refuses them. */
    allowedHosts: string[];
    /** DNS servers (ip or ip:port) for subscribers' names; empty means the system's resolver. */
    dnsServers: string[];
    timeoutMs: number;
    maxResponseBytes: number;
    /** Posts one incoming webhook may make in a minute. */
    incomingPerMinute: number;
  };
  /**
   * /metrics: open to these addresses (loopback, IPs, CIDR ranges) or to anyone with the token;
   * `port`: where a process without the api role serves it (with /health and /ready).
   */
  metrics: { allowedAddresses: string[]; token: string | undefined; port: number | undefined };
  documents: {
    /** DOCUMENTS_KEY, or undefined to derive the key from JWT_SECRET. */
    key: string | undefined;
    sweepMs: number;
    parkAfter: number;
    /** Hosts folders may be linked on; empty: any. */
    allowedHosts: string[];
  };
  seedDemo: boolean;
  files: {
    driver: 'folder' | 'postgres' | 's3';
    dir: string;
    maxBytes: number;
    /** The bucket of the s3 driver. */
    s3:
      | {
          bucket: string;
          region: string;
          endpoint: string | undefined;
          forcePathStyle: boolean;
          accessKeyId: string;
          secretAccessKey: string;
        }
      | undefined;
  };
  mail: {
    domain: string;
    smtpPort: number;
    /** The largest message the SMTP ingress accepts. */
    smtpMaxBytes: number;
    /** Key and certificate files for STARTTLS on the ingress; without them STARTTLS is not offered. */
    smtpTls: { keyFile: string; certFile: string } | undefined;
    /** Mails one envelope sender may have accepted per hour before the ingress defers (451) the rest. */
    senderPerHour: number;
    /** DNS servers (ip or ip:port) for SPF, DKIM and DMARC lookups; empty means the system's. */
    dnsServers: string[];
    /** An IMAP mailbox polled into a room, when configured. */
    imap: { url: string; roomId: string; mailbox: string; intervalMs: number } | undefined;
    /** mailbox: kept in PostgreSQL for system administrators to read, nothing leaves the machine. */
    driver: 'mailbox' | 'log' | 'smtp';
    smtpUrl: string | undefined;
    /** The demo mailbox: whether another driver also keeps a copy there, and how much it keeps. */
    mailbox: { copy: boolean; keep: number; days: number };
    from: string;
  };
  digest: { quietMinutes: number };
  wall: {
    /** Posts and comments one person may write on walls in an hour (counted in Redis across nodes). */
    writesPerHour: number;
  };
  memos: {
    /** Those who have not answered are nudged this long before the deadline; 0: only when the author asks. */
    nudgeHours: number;
  };
  tasks: {
    /** Due reminders, in minutes before the due time (0: at it). */
    reminderMinutes: number[];
    /** The local hour when assignees get the morning digest of their overdue tasks. */
    digestHour: number;
  };
  /** The Matrix bridge (an application service); undefined when MATRIX_HOMESERVER_URL is unset. */
  matrix:
    | {
        homeserverUrl: string;
        serverName: string;
        asToken: string;
        hsToken: string;
        userPrefix: string;
        /** The registration's id, and where the homeserver reaches the application service. */
        appserviceId: string;
        appserviceUrl: string;
        retryBaseMs: number;
        retryMaxMs: number;
      }
    | undefined;
  consultations: {
    /** How long a booking holds its slot before the citizen confirms it. */
    holdMinutes: number;
    /** How long before and after its slot a consultation's room and tokens are valid. */
    joinMarginMinutes: number;
    reminderMinutes: number[];
    /** Days after a consultation ends when its citizen data is cleared. */
    retentionDays: number;
    /** Extra holidays as JSON {"YYYY-MM-DD": ["name"]}, for years the holiday library does not cover yet. */
    holidaysFile: string | undefined;
  };
}

export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  scopes: string;
  /** The claim that names the person, and the user column (`login` or `email`) it is matched against. */
  userClaim: string;
  userField: 'login' | 'email';
  /** Unknown people are created in this department on first sign-in; refused when undefined. */
  jitDepartmentId: string | undefined;
}

/** An AppConfig whose services are settled: URLs and secrets are all known. */
export interface ResolvedAppConfig extends AppConfig {
  database: { url: string; poolSize: number };
  redis: { url: string };
  auth: AppConfig['auth'] & { jwtSecret: string };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
