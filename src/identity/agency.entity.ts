import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import type { AgencyKind } from './identity.types.js';

@Entity({ name: 'agencies' })
@Index('uq_agencies_code', ['code'], { unique: true })
@Index('ix_agencies_parent', ['parentId'])
@Check(
  'ck_agencies_kind',
  `kind IN ('central_ministry','metropolitan_government','basic_government','eup_myeon_dong','public_institution','advisory_committee')`,
)
export class AgencyEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_agencies' })
  id: string;

  /** The government's own organisation code (행정기관코드) or another stable code. */
  @Column({ name: 'code', type: 'varchar', length: 32 })
  code: string;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200, nullable: true })
  nameEn: string | null;

  @Column({ name: 'kind', type: 'varchar', length: 32 })
  kind: AgencyKind;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => AgencyEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_agencies_parent' })
  parent?: Relation<AgencyEntity> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
