import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';

export type MailAuthPolicy = 'accept' | 'mark' | 'reject';

/** A room's e-mail address, `room-<token>@MAIL_DOMAIN`; rotating it replaces the token. */
@Entity({ name: 'room_mail_addresses' })
@Unique('uq_room_mail_addresses_token', ['token'])
@Check('ck_room_mail_addresses_policy', `auth_policy IN ('accept','mark','reject')`)
export class RoomMailAddressEntity {
  @PrimaryColumn('uuid', { name: 'room_id', primaryKeyConstraintName: 'pk_room_mail_addresses' })
  roomId: string;

  @OneToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_room_mail_addresses_room' })
  room?: Relation<RoomEntity>;

  @Column({ name: 'token', type: 'varchar', length: 32 })
  token: string;

  /** What happens to mail that fails DMARC (or SPF and DKIM both): posted, posted with a warning, or not posted. */
  @Column({ name: 'auth_policy', type: 'varchar', length: 8, default: 'mark' })
  authPolicy: MailAuthPolicy;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_room_mail_addresses_creator' })
  creator?: Relation<UserEntity> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
