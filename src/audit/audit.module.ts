import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessRecordRepository } from './access-record.repository.js';
import { AccessReportRepository } from './access-report.repository.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { AuditRecordJob } from './audit-record.job.js';
import { AuditRepository } from './audit.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([AuditEntryEntity])],
  providers: [AuditRepository, AuditRecordJob, AccessRecordRepository, AccessReportRepository],
  exports: [AuditRepository, AccessRecordRepository, AccessReportRepository],
})
export class AuditModule {}
