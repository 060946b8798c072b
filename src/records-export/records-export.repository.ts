import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Dataset } from './export-datasets.js';

const FIRST_ID = '00000000-0000-0000-0000-000000000000';

export type ExportRow = Record<string, unknown> & { id: string };

/** Reads an agency's datasets for the export: counted, then in keyset batches by id. */
@Injectable()
export class RecordsExportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async count(dataset: Dataset, agencyId: string, from: Date, to: Date): Promise<number> {
    // LIMIT NULL is no limit: the same query, every row.
    const [row] = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM (${dataset.sql}) q`,
      [agencyId, from, to, FIRST_ID, null],
    );
    return row?.n ?? 0;
  }

  /** Every row of the dataset, `size` at a time, each batch handed over before the next is read. */
  async *batches(dataset: Dataset, agencyId: string, from: Date, to: Date, size: number): AsyncGenerator<ExportRow[]> {
    let after = FIRST_ID;
    for (;;) {
      const rows = await this.dataSource.query<ExportRow[]>(dataset.sql, [agencyId, from, to, after, size]);
      if (rows.length > 0) yield rows;
      if (rows.length < size) return;
      after = rows[rows.length - 1]?.id ?? after;
    }
  }
}
