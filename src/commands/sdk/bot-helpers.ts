import { createHash } from 'node:crypto';
import type { Principal } from '../../identity/identity.types.js';
import type { CommandContext } from './command-table.js';

/**
 * The command's sender as domain services expect: the person as the directory has them, with
 * their own kind, so a check a guest fails over HTTP fails for their command too.
 */
export function senderPrincipal(context: CommandContext): Principal {
  return {
    userId: context.sender.userId,
    kind: context.sender.kind,
    agencyId: context.sender.agencyId,
    roles: context.sender.roles,
    tokenId: 'command',
    tokenExpiresAt: 0,
  };
}

/**
 * A deterministic messenger client id for something a bot posts (a kind, then what makes it one
 * occasion: a subject id, a time, a person), so a retried job posts it once. At most 64 characters.
 */
export function botClientId(kind: string, ...parts: string[]): string {
  return `${kind}-${createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, 40)}`;
}
