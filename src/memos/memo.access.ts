import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessService, type AccessPolicy } from '../access/access.service.js';
import type { Principal } from '../identity/identity.types.js';
import { MemoException } from './memo.exception.js';
import { MemoRepository } from './memo.repository.js';

/**
 * Who may do what to memos. Only the author and the recipients learn a memo exists (read); the
 * author alone sees who answered, exports and nudges (author); the recipients answer (recipient).
 */
@Injectable()
export class MemoAccessPolicy implements AccessPolicy, OnModuleInit {
  readonly resource = 'memo';

  constructor(
    private readonly access: AccessService,
    private readonly memos: MemoRepository,
  ) {}

  onModuleInit(): void {
    this.access.register(this);
  }

  async allowed(principal: Principal, action: string, ids: readonly string[]): Promise<Set<string>> {
    const rows = await this.memos.heldIds(ids, principal.userId);
    const holds = (row: { author: boolean; recipient: boolean }): boolean => {
      if (action === 'read') return row.author || row.recipient;
      if (action === 'author') return row.author;
      if (action === 'recipient') return row.recipient && !row.author;
      return false;
    };
    return new Set(rows.filter(holds).map((r) => r.id));
  }

  notFound(): Error {
    return MemoException.notFound();
  }

  forbidden(action: string): Error {
    return action === 'recipient' ? MemoException.notRecipient() : MemoException.notAuthor();
  }
}
