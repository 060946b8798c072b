// The server's types for what the room screen reads, imported type-only (never redeclared).
export type { RoomMemberView } from '@server/messenger/room.service';
export type { ReadReceipt } from '@server/messenger/message.repository';
export type { CommandRunView } from '@server/commands/command.service';
export type { CommandHint } from '@server/commands/commands.controller';
export type { FileView } from '@server/files/file.service';
