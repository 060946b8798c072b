import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { AgencyEntity } from '../identity/agency.entity.js';
import { UserEntity } from '../identity/user.entity.js';

/** A day an agency takes no consultations beyond the public holidays (a move, a founding day). */
@Entity({ name: 'consultation_closures' })
@Index('uq_consultation_closures_day', ['agencyId', 'day'], { unique: true })
export class ConsultationClosureEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_consultation_closures' })
  id: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_consultation_closures_agency' })
  agency?: Relation<AgencyEntity>;

  @Column({ name: 'day', type: 'date' })
  day: string;

  @Column({ name: 'reason', type: 'varchar', length: 200 })
  reason: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_consultation_closures_creator' })
  creator?: Relation<UserEntity> | null;
}
