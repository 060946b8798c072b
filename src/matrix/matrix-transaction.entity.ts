import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A transaction the homeserver pushed and we committed: the same id again is answered without doing it twice. */
@Entity({ name: 'matrix_transactions' })
export class MatrixTransactionEntity {
  @PrimaryColumn({ name: 'txn_id', type: 'varchar', length: 255, primaryKeyConstraintName: 'pk_matrix_transactions' })
  txnId: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
