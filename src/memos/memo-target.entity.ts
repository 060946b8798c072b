import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { MemoEntity } from './memo.entity.js';
import type { MemoTargetKind } from './memos.types.js';

/** Whom the author addressed, as they named them (a person, a department, a whole agency). */
@Entity({ name: 'memo_targets' })
@Check('ck_memo_targets_kind', `kind IN ('user','department','agency')`)
export class MemoTargetEntity {
  @PrimaryColumn('uuid', { name: 'memo_id', primaryKeyConstraintName: 'pk_memo_targets' })
  memoId: string;

  @PrimaryColumn('varchar', { name: 'kind', length: 16, primaryKeyConstraintName: 'pk_memo_targets' })
  kind: MemoTargetKind;

  @PrimaryColumn('uuid', { name: 'target_id', primaryKeyConstraintName: 'pk_memo_targets' })
  targetId: string;

  @ManyToOne(() => MemoEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'memo_id', foreignKeyConstraintName: 'fk_memo_targets_memo' })
  memo?: Relation<MemoEntity>;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name: string;
}
