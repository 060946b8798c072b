import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { AgencyEntity } from './agency.entity.js';
import { DepartmentEntity } from './department.entity.js';
import type { UserKind, UserRole } from './identity.types.js';

@Entity({ name: 'users' })
@Index('uq_users_login', ['login'], { unique: true })
@Index('ix_users_agency', ['agencyId'])
@Index('ix_users_email', ['email'])
// Trigram indexes (pg_trgm) serve the directory's substring search; TypeORM cannot describe their
// operator class, so the migration owns them.
@Index('ix_users_display_name_trgm', { synchronize: false })
@Index('ix_users_login_trgm', { synchronize: false })
@Check('ck_users_kind', `kind IN ('staff','citizen','committee_member','bot')`)
@Check('ck_users_staff_agency', `kind <> 'staff' OR agency_id IS NOT NULL`)
@Check('ck_users_roles', `roles <@ ARRAY['member','agency_admin','system_admin','complaint_investigator']::varchar[]`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_users' })
  id: string;

  @Column({ name: 'kind', type: 'varchar', length: 32 })
  kind: UserKind;

  /** Sign-in name, stored lower-case. Guests use their e-mail address. */
  @Column({ name: 'login', type: 'varchar', length: 254 })
  login: string;

  @Column({ name: 'email', type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  @Column({ name: 'position', type: 'varchar', length: 100, nullable: true })
  position: string | null;

  @Column({ name: 'agency_id', type: 'uuid', nullable: true })
  agencyId: string | null;

  @ManyToOne(() => AgencyEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_users_agency' })
  agency?: Relation<AgencyEntity> | null;

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_users_department' })
  department?: Relation<DepartmentEntity> | null;

  @Column({ name: 'roles', type: 'varchar', array: true, default: () => `'{member}'` })
  roles: UserRole[];

  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true, select: false })
  passwordHash?: string | null;

  @Column({ name: 'locale', type: 'varchar', length: 8, default: 'ko' })
  locale: string;

  @Column({ name: 'time_zone', type: 'varchar', length: 64, default: 'Asia/Seoul' })
  timeZone: string;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
