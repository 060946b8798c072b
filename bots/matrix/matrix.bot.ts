import { senderPrincipal } from '../../src/commands/sdk/bot-helpers.js';
import { Bot } from '../../src/commands/sdk/bot.decorator.js';
import { CommandArgsReader as read } from '../../src/commands/sdk/command-args.js';
import type {
  CommandArgs,
  CommandContext,
  CommandReply,
  CommandSpec,
  IeumBot,
} from '../../src/commands/sdk/command-table.js';
import { MatrixBridgeService } from '../../src/matrix/matrix-bridge.service.js';
import { MATRIX_BOT_ID } from '../../src/matrix/matrix.types.js';

/**
 * The Matrix bridge's bot: room owners link their room to a Matrix room and unlink it; anyone in
 * the room sees how the link stands. Matrix people's messages appear in the room as this bot's
 * posts, under their names.
 */
@Bot({ id: MATRIX_BOT_ID, displayName: { ko: 'Matrix 연결', en: 'Matrix bridge' } })
export class MatrixBot implements IeumBot {
  constructor(private readonly bridge: MatrixBridgeService) {}

  readonly commands: readonly CommandSpec[] = [
    {
      name: 'matrix',
      aliases: ['매트릭스'],
      summary: {
        en: 'Bridge this room with a Matrix room: link, unlink, status',
        ko: '이 방을 Matrix 방과 연결: 연결, 해제, 상태',
      },
      subcommands: [
        {
          name: 'link',
          aliases: ['연결'],
          summary: {
            en: 'Link this room to a Matrix room (room owners)',
            ko: '이 방을 Matrix 방에 연결합니다(방 관리자)',
          },
          usage: '/matrix link <#room:server | !id:server>',
          examples: ['/matrix link #budget:matrix.agency.go.kr', '/매트릭스 연결 #협업:example.org'],
          args: [
            {
              name: 'room',
              kind: 'word',
              required: true,
              description: { en: 'the Matrix room alias or id', ko: 'Matrix 방 별칭 또는 ID' },
            },
          ],
          confirm: (args) => ({
            en: `Link this room to ${matrixAddress(read.text(args, 'room') ?? '')}? Everyone in that Matrix room will read and write here.`,
            ko: `이 방을 ${matrixAddress(read.text(args, 'room') ?? '')}에 연결할까요? 그 Matrix 방의 모든 사람이 이 방을 읽고 쓰게 됩니다.`,
          }),
          run: (context, args) => this.link(context, args),
        },
        {
          name: 'unlink',
          aliases: ['해제', '연결해제'],
          summary: { en: 'Stop bridging this room (room owners)', ko: '이 방의 Matrix 연결을 해제합니다(방 관리자)' },
          usage: '/matrix unlink',
          examples: ['/matrix unlink', '/매트릭스 해제'],
          args: [],
          run: (context) => this.unlink(context),
        },
        {
          name: 'status',
          aliases: ['상태'],
          summary: { en: 'Whether and how this room is bridged', ko: '이 방의 Matrix 연결 상태' },
          usage: '/matrix status',
          examples: ['/matrix status', '/매트릭스 상태'],
          args: [],
          run: (context) => this.status(context),
        },
      ],
    },
  ];

  private async link(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const { matrixRoomId, alias } = await this.bridge.link(
      senderPrincipal(context),
      context.roomId,
      matrixAddress(read.text(args, 'room') ?? ''),
    );
    const name = alias ? `${alias} (${matrixRoomId})` : matrixRoomId;
    return {
      visibility: 'room',
      text: {
        en: `This room is now linked to ${name}. Messages from here on go both ways.`,
        ko: `이 방을 ${name}에 연결했습니다. 지금부터의 메시지가 양쪽으로 오갑니다.`,
      },
    };
  }

  private async unlink(context: CommandContext): Promise<CommandReply> {
    const { matrixRoomId } = await this.bridge.unlink(senderPrincipal(context), context.roomId);
    return {
      visibility: 'room',
      text: {
        en: `This room is no longer linked to ${matrixRoomId}.`,
        ko: `이 방과 ${matrixRoomId}의 연결을 해제했습니다.`,
      },
    };
  }

  private async status(context: CommandContext): Promise<CommandReply> {
    const status = await this.bridge.status(senderPrincipal(context), context.roomId);
    if (!status)
      return {
        visibility: 'ephemeral',
        text: { en: 'This room is not linked to Matrix.', ko: '이 방은 Matrix에 연결되어 있지 않습니다.' },
      };
    const name = status.matrixAlias ? `${status.matrixAlias} (${status.matrixRoomId})` : status.matrixRoomId;
    const next = Math.ceil((status.parkedForMs ?? 0) / 1000);
    const waiting =
      status.failures > 0
        ? {
            en: ` The homeserver is not answering: ${status.backlog} message(s) wait, next try in ${next} s (${status.lastError ?? ''}).`,
            ko: ` 홈서버가 응답하지 않아 메시지 ${status.backlog}건이 기다리고 있습니다. ${next}초 뒤 다시 시도합니다(${status.lastError ?? ''}).`,
          }
        : {
            en: status.backlog > 0 ? ` ${status.backlog} message(s) on their way.` : ' Everything has been carried.',
            ko: status.backlog > 0 ? ` 메시지 ${status.backlog}건을 보내는 중입니다.` : ' 모두 전달했습니다.',
          };
    return {
      visibility: 'ephemeral',
      text: { en: `Linked to ${name}.${waiting.en}`, ko: `${name}에 연결되어 있습니다.${waiting.ko}` },
    };
  }
}

/** The parser reads `#budget:server` as an Ieum #room and hands a word argument its name without the `#`; a Matrix room id keeps its `!`. */
function matrixAddress(word: string): string {
  return /^[#!]/.test(word) ? word : `#${word}`;
}
