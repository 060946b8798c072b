import { Injectable, type OnModuleInit } from '@nestjs/common';
import argon2 from 'argon2';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordService implements OnModuleInit {
  private dummyHash = '';

  async onModuleInit(): Promise<void> {
    // Verifying against a dummy hash when the account does not exist keeps the response time
    // the same, so timing does not tell which sign-in names exist.
    this.dummyHash = await argon2.hash('ieum-timing-equaliser', OPTIONS);
  }

  async hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    try {
      const ok = await argon2.verify(hash ?? this.dummyHash, password);
      return ok && hash !== null && hash !== undefined;
    } catch {
      return false;
    }
  }
}

export function validatePasswordStrength(password: string): string | null {
  if (password.length < 10) return 'a password needs at least 10 characters';
  if (password.length > 256) return 'a password may have at most 256 characters';
  return null;
}
