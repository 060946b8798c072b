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
import { AgencyEntity } from '../identity/agency.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import type { WallKind } from './wall.types.js';

/** A wall (담벼락): the government-wide one, one per agency, and topic walls (of one agency or of all). */
@Entity({ name: 'walls' })
@Index('uq_walls_government', ['kind'], { unique: true, where: `kind = 'government'` })
@Index('uq_walls_agency', ['agencyId'], { unique: true, where: `kind = 'agency'` })
@Check('ck_walls_kind', `kind IN ('government','agency','topic')`)
@Check('ck_walls_agency', `(kind = 'government') = (agency_id IS NULL) OR kind = 'topic'`)
export class WallEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_walls' })
  id: string;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind: WallKind;

  /** The agency whose staff alone read and post (agency walls, and topic walls of one agency). */
  @Column({ name: 'agency_id', type: 'uuid', nullable: true })
  agencyId: string | null;

  @ManyToOne(() => AgencyEntity, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_walls_agency' })
  agency?: Relation<AgencyEntity> | null;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'allow_anonymous', type: 'boolean', default: false })
  allowAnonymous: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_walls_creator' })
  creator?: Relation<UserEntity> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
