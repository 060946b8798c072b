import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import type {
  VideoConferenceProvider,
  VideoJoinLink,
  VideoParticipant,
  VideoRoomWindow,
} from '../../src/bus/capabilities/video-conference.provider.js';

/** What a Jitsi deployment with token authentication is configured with, checked on construction. */
export class JitsiCredentials {
  readonly domain: string;
  readonly appId: string;
  readonly marginMinutes: number;
  /** Where checkConnection() looks; the deployment's own address unless a test points elsewhere. */
  readonly baseUrl: string;
  readonly #secret: Uint8Array;

  constructor(input: { domain: string; appId: string; appSecret: string; marginMinutes?: number; baseUrl?: string }) {
    if (!/^(?=.{1,253}$)([a-z0-9-]+\.)*[a-z0-9-]+(:\d+)?$/i.test(input.domain))
      throw new Error('JITSI_DOMAIN must be a host name');
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(input.appId))
      throw new Error('JITSI_APP_ID may hold letters, digits, ., _ and - only');
    // The secret is checked for length only and never put into a message.
    if (input.appSecret.length < 32) throw new Error('JITSI_APP_SECRET must be at least 32 characters');
    this.domain = input.domain.toLowerCase();
    this.appId = input.appId;
    this.marginMinutes = input.marginMinutes ?? 10;
    this.baseUrl = (input.baseUrl ?? `https://${this.domain}`).replace(/\/+$/, '');
    this.#secret = new TextEncoder().encode(input.appSecret);
  }

  get secret(): Uint8Array {
    return this.#secret;
  }

  toJSON(): Record<string, unknown> {
    return { domain: this.domain, appId: this.appId, marginMinutes: this.marginMinutes, appSecret: '[redacted]' };
  }
}

/**
 * Jitsi Meet with token authentication (prosody's token_verification): each person gets an
 * HS256 JWT for exactly one room, valid from a margin before the meeting to a margin after it.
 * Hosts are moderators and skip the lobby; with a lobby, everyone else waits to be admitted.
 */
export class JitsiConnector implements VideoConferenceProvider {
  readonly id = 'jitsi';
  readonly publicDeployment = false;

  constructor(private readonly credentials: JitsiCredentials) {}

  generateRoomName(): string {
    return generateRoomName();
  }

  async joinUrl(input: {
    room: string;
    participant: VideoParticipant;
    window: VideoRoomWindow;
    lobby: boolean;
    marginMinutes?: number;
    now?: Date;
  }): Promise<VideoJoinLink> {
    const now = input.now ?? new Date();
    const margin = (input.marginMinutes ?? this.credentials.marginMinutes) * 60_000;
    const notBefore = input.window.startsAt.getTime() - margin;
    const expires = input.window.endsAt.getTime() + margin;
    if (now.getTime() >= expires) throw new Error('the meeting window is over; no token is issued');
    const p = input.participant;
    const token = await new SignJWT({
      room: input.room,
      moderator: p.moderator,
      context: {
        user: {
          id: p.id,
          name: p.name,
          ...(p.email ? { email: p.email } : {}),
          ...(p.avatarUrl ? { avatar: p.avatarUrl } : {}),
          moderator: p.moderator,
          affiliation: p.moderator ? 'owner' : 'member',
          // jitsi-contrib's token_lobby_ondemand / token_lobby_bypass read these two.
          ...(input.lobby ? (p.moderator ? { lobby_bypass: true } : { lobby: true }) : {}),
        },
        features: { lobby: input.lobby },
      },
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setAudience(this.credentials.appId)
      .setIssuer(this.credentials.appId)
      .setSubject(this.credentials.domain)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setNotBefore(Math.floor(notBefore / 1000))
      .setExpirationTime(Math.floor(expires / 1000))
      .sign(this.credentials.secret);
    return {
      url: `https://${this.credentials.domain}/${encodeURIComponent(input.room)}?jwt=${token}`,
      domain: this.credentials.domain,
      room: input.room,
      moderator: p.moderator,
      lobby: input.lobby,
      token,
      expiresAt: new Date(Math.floor(expires / 1000) * 1000),
      publicDeployment: false,
    };
  }

  async checkConnection(): Promise<{ ok: boolean; detail: string }> {
    try {
      const response = await fetch(`${this.credentials.baseUrl}/`, {
        signal: AbortSignal.timeout(5000),
        redirect: 'manual',
      });
      return response.status < 500
        ? { ok: true, detail: `Jitsi at ${this.credentials.domain} answered ${response.status}` }
        : { ok: false, detail: `Jitsi answered ${response.status}` };
    } catch (error) {
      return {
        ok: false,
        detail: `Jitsi at ${this.credentials.domain} unreachable: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
}

/**
 * Without a configured deployment (a first run on embedded defaults): links to the public
 * meet.jit.si with no token. Fine for trying Ieum; nothing there is access-controlled, which every
 * join answer says (`publicDeployment`), and citizens are sent there only when the operator allows it.
 */
export class JitsiDevelopmentConnector implements VideoConferenceProvider {
  readonly id = 'jitsi-development';
  readonly publicDeployment = true;

  generateRoomName(): string {
    return generateRoomName();
  }

  joinUrl(input: {
    room: string;
    participant: VideoParticipant;
    window: VideoRoomWindow;
    lobby: boolean;
    marginMinutes?: number;
  }): Promise<VideoJoinLink> {
    return Promise.resolve({
      url: `https://meet.jit.si/${encodeURIComponent(input.room)}`,
      domain: 'meet.jit.si',
      room: input.room,
      // Nothing enforces either on the public deployment: whoever comes first moderates.
      moderator: input.participant.moderator,
      lobby: input.lobby,
      token: null,
      expiresAt: new Date(input.window.endsAt.getTime() + (input.marginMinutes ?? 10) * 60_000),
      publicDeployment: true,
    });
  }

  checkConnection(): Promise<{ ok: boolean; detail: string }> {
    return Promise.resolve({
      ok: false,
      detail: 'not configured: JITSI_DOMAIN is unset, links go to meet.jit.si without tokens',
    });
  }
}

/** 128 random bits, lower-case base32: unguessable, and nothing in it names a person. */
export function generateRoomName(): string {
  const bytes = randomBytes(16);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return `ieum-${out}`;
}
