import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { FilesModule } from '../files/files.module.js';
import { RecordsExportRepository } from './records-export.repository.js';
import { RecordsExportService } from './records-export.service.js';

@Module({
  imports: [AuditModule, FilesModule],
  providers: [RecordsExportRepository, RecordsExportService],
  exports: [RecordsExportService],
})
export class RecordsExportModule {}
