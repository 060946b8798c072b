import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { FilesModule } from '../files/files.module.js';
import { RecordsExportService } from './records-export.service.js';

@Module({
  imports: [AuditModule, FilesModule],
  providers: [RecordsExportService],
  exports: [RecordsExportService],
})
export class RecordsExportModule {}
