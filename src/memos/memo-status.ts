import type { FileView } from '../files/file.service.js';
import type { MemoTargetKind } from './memos.types.js';

/** How far a memo has got with its recipients. */
export interface MemoCounts {
  total: number;
  /** Recipients the memo bot's DM has reached. */
  delivered: number;
  read: number;
  acknowledged: number;
  opinions: number;
}

/** One recipient's line in the author's status table. */
export interface MemoStatusRow {
  userId: string;
  displayName: string;
  agencyName: string | null;
  via: MemoTargetKind;
  /** When the memo bot's DM reached them; null until it is posted. */
  deliveredAt: string | null;
  readAt: string | null;
  acknowledgedAt: string | null;
  opinion: string | null;
  opinionAt: string | null;
  files: FileView[];
  answered: boolean;
}

/** Pushed to the author as `memo.status`: the new counts and the one row that changed, so an open table updates in place. */
export interface MemoStatusEvent extends MemoCounts {
  memoId: string;
  changed: MemoStatusRow;
}

/** What the author's live table shows. */
export interface MemoStatus extends MemoCounts {
  memoId: string;
  missing: Array<{ userId: string; displayName: string; agencyName: string | null }>;
  rows: MemoStatusRow[];
}
