import { Module } from '@nestjs/common';
import { CommandsModule } from '../src/commands/commands.module.js';
import { ConsultationsModule } from '../src/consultations/consultations.module.js';
import { MeetingsModule } from '../src/meetings/meetings.module.js';
import { RemindersModule } from '../src/reminders/reminders.module.js';
import { TasksModule } from '../src/tasks/tasks.module.js';
import { MemosModule } from '../src/memos/memos.module.js';
import { DocumentsModule } from '../src/documents/documents.module.js';
import { ConsultBot } from './consult/consult.bot.js';
import { HelpBot } from './help/help.bot.js';
import { MeetBot } from './meet/meet.bot.js';
import { RemindBot } from './remind/remind.bot.js';
import { TaskBot } from './task/task.bot.js';
import { MemoBot } from './memo/memo.bot.js';
import { DocBot } from './doc/doc.bot.js';
import { MatrixBot } from './matrix/matrix.bot.js';
import { MatrixModule } from '../src/matrix/matrix.module.js';

/** Every bot. The registry finds them by their @Bot decorator; adding a bot is adding it here. */
@Module({
  imports: [
    CommandsModule,
    RemindersModule,
    MeetingsModule,
    ConsultationsModule,
    TasksModule,
    MemosModule,
    DocumentsModule,
    MatrixModule,
  ],
  providers: [HelpBot, RemindBot, MeetBot, ConsultBot, TaskBot, MemoBot, DocBot, MatrixBot],
})
export class BotsModule {}
