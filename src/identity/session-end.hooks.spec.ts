import { describe, expect, it } from '@jest/globals';
import { IdentityException, IdentityExceptionCode } from './identity.exception.js';
import { SESSION_END_REASONS, SessionEndReason } from './identity.types.js';
import { SessionEndHooks, type EndedSessions, type SessionEndHook } from './session-end.hooks.js';

const ended = (sessionIds: string[]): EndedSessions => ({
  userId: 'u1',
  sessionIds,
  reason: IdentityException.signedOut(false),
});

class Recording implements SessionEndHook {
  readonly calls: string[][] = [];
  constructor(private readonly fails = false) {}
  onSessionsEnded(e: EndedSessions): Promise<void> {
    this.calls.push(e.sessionIds);
    return this.fails ? Promise.reject(new Error('redis is down')) : Promise.resolve();
  }
}

describe('SessionEndHooks', () => {
  it('runs every hook once, even one registered twice, and a failing hook neither fails sign-out nor stops the rest', async () => {
    const hooks = new SessionEndHooks();
    const [failing, after] = [new Recording(true), new Recording()];
    hooks.register(failing);
    hooks.register(after);
    hooks.register(after);
    await expect(hooks.run(ended(['s1', 's2']))).resolves.toBeUndefined();
    expect(failing.calls).toEqual([['s1', 's2']]);
    expect(after.calls).toEqual([['s1', 's2']]);
  });

  it('calls nobody when no session ended', async () => {
    const hooks = new SessionEndHooks();
    const hook = new Recording();
    hooks.register(hook);
    await hooks.run(ended([]));
    expect(hook.calls).toEqual([]);
  });
});

describe('IdentityException.sessionEnded', () => {
  it('tells each reason with its own code, 401, in Korean and English', () => {
    const codes = SESSION_END_REASONS.map((reason) => {
      const e = IdentityException.sessionEnded(reason);
      expect(e.kind).toBe('unauthenticated');
      expect(e.text.ko).toBeTruthy();
      expect(e.text.en).toBeTruthy();
      return [reason, e.code, e.details?.['everywhere']];
    });
    expect(codes).toEqual([
      [SessionEndReason.SignedOut, IdentityExceptionCode.SignedOut, false],
      [SessionEndReason.SignedOutEverywhere, IdentityExceptionCode.SignedOut, true],
      [SessionEndReason.RefreshTokenReused, IdentityExceptionCode.RefreshTokenReused, undefined],
      [SessionEndReason.AccountDisabled, IdentityExceptionCode.AccountDisabled, undefined],
      [SessionEndReason.RolesChanged, IdentityExceptionCode.RolesChanged, undefined],
      [SessionEndReason.PasswordChanged, IdentityExceptionCode.PasswordChanged, undefined],
    ]);
  });
});
