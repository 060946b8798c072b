import { describe, expect, it } from '@jest/globals';
import { UserKind } from '../../identity/identity.types.js';
import { senderPrincipal } from './bot-helpers.js';
import type { CommandContext } from './command-table.js';

describe('senderPrincipal', () => {
  it('carries the sender as they are, never promoted to staff', () => {
    const context = {
      sender: {
        userId: 'u1',
        kind: UserKind.CommitteeMember,
        login: 'guest',
        displayName: '외부 위원',
        agencyId: null,
        roles: [],
        locale: 'ko',
        timeZone: 'Asia/Seoul',
      },
    } as unknown as CommandContext;
    expect(senderPrincipal(context)).toMatchObject({
      userId: 'u1',
      kind: UserKind.CommitteeMember,
      agencyId: null,
      roles: [],
    });
  });
});
