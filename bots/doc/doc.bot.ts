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
import { documentCard, sizeText, timeText } from '../../src/documents/document-card.js';
import { DocumentService, type SaveMode } from '../../src/documents/document.service.js';
import { BREAKAGE_KINDS } from '../../src/common/ieum.exception.js';
import { DocumentsException } from '../../src/documents/documents.exception.js';
import { DOC_SENDER } from '../../src/documents/document-notices.job.js';
import { UserRole } from '../../src/identity/identity.types.js';

const SAVE_MODES: Record<string, SaveMode> = {
  overwrite: 'overwrite',
  덮어쓰기: 'overwrite',
  replace: 'overwrite',
  rename: 'rename',
  새이름: 'rename',
  이름바꾸기: 'rename',
  suffix: 'rename',
};

@Bot(DOC_SENDER)
export class DocBot implements IeumBot {
  constructor(private readonly documents: DocumentService) {}

  readonly commands: readonly CommandSpec[] = [
    {
      name: 'doc',
      aliases: ['문서', 'docs'],
      summary: {
        en: "The room's document folder: search, share, save, status",
        ko: '방에 연결된 문서 폴더: 검색, 공유, 저장, 상태',
      },
      subcommands: [
        {
          name: 'search',
          aliases: ['검색', 'find', '찾기'],
          summary: {
            en: 'Documents of the folder whose names hold every word',
            ko: '이름에 모든 단어가 들어간 폴더의 문서',
          },
          usage: '/doc search <words>',
          examples: ['/doc search 예산 보고서', '/문서 검색 회의록'],
          args: [
            {
              name: 'words',
              kind: 'text',
              required: true,
              description: { en: 'words of the name', ko: '이름에 든 단어' },
            },
          ],
          run: (context, args) => answered(() => this.search(context, args)),
        },
        {
          name: 'share',
          aliases: ['공유', '올리기'],
          summary: {
            en: "Post a document's card in the room, with a download through Ieum",
            ko: '문서 카드를 방에 올립니다(이음을 통한 내려받기 링크 포함)',
          },
          usage: '/doc share <path>',
          examples: ['/doc share /회의자료/2026-12-02 회의록.hwp', '/문서 공유 보고서.pdf'],
          args: [
            {
              name: 'path',
              kind: 'text',
              required: true,
              description: {
                en: 'the path in the folder, as search shows it',
                ko: '폴더 안의 경로(검색 결과에 나온 대로)',
              },
            },
          ],
          run: (context, args) => answered(() => this.share(context, args)),
        },
        {
          name: 'save',
          aliases: ['저장', '보내기'],
          summary: {
            en: 'Save a file of this room into the folder (overwrite or rename when the name exists)',
            ko: '이 방의 파일을 폴더에 저장합니다(같은 이름이 있으면 덮어쓰기 또는 새이름)',
          },
          usage: '/doc save <file id or name> [overwrite|rename]',
          examples: ['/doc save 보고서.hwp', '/문서 저장 보고서.hwp 새이름', '/doc save 3f9c2a1b-…-9d0e overwrite'],
          args: [
            {
              name: 'file',
              kind: 'word',
              required: true,
              description: {
                en: "the file's id, or its name (quoted when it has spaces)",
                ko: '파일 id 또는 이름(띄어쓰기가 있으면 따옴표로)',
              },
            },
            {
              name: 'mode',
              kind: 'word',
              description: {
                en: 'overwrite, or rename to save as "name (2)"',
                ko: '덮어쓰기, 또는 새이름("이름 (2)"로 저장)',
              },
            },
          ],
          // Writing into an agency's document system is for its staff, not for guests in the room.
          roles: [UserRole.Member, UserRole.AgencyAdmin, UserRole.SystemAdmin],
          run: (context, args) => answered(() => this.save(context, args)),
        },
        {
          name: 'status',
          aliases: ['상태'],
          summary: {
            en: 'Which folder the room is linked to, and whether it is followed',
            ko: '연결된 폴더와 알림 상태',
          },
          usage: '/doc status',
          examples: ['/doc status', '/문서 상태'],
          args: [],
          run: (context) => answered(() => this.status(context)),
        },
      ],
    },
  ];

  private async search(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const found = await this.documents.search(senderPrincipal(context), context.roomId, read.text(args, 'words') ?? '');
    if (found.length === 0)
      return {
        visibility: 'ephemeral',
        text: {
          en: 'No document of the folder has those words in its name.',
          ko: '이름에 그 단어가 든 문서가 없습니다.',
        },
      };
    const lines = found
      .map((e) => `• ${e.path} (${sizeText(e.size)}, ${timeText(e.modifiedAt, context.sender.timeZone)})`)
      .join('\n');
    return {
      visibility: 'ephemeral',
      text: {
        en: `Documents found (${found.length}):\n${lines}\nShare one with /doc share <path>.`,
        ko: `찾은 문서 ${found.length}건:\n${lines}\n/문서 공유 <경로> 로 방에 올릴 수 있습니다.`,
      },
    };
  }

  private async share(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const { entry, downloadUrl } = await this.documents.describe(
      senderPrincipal(context),
      context.roomId,
      read.text(args, 'path') ?? '',
    );
    return {
      visibility: 'room',
      text: documentCard(entry, downloadUrl, context.sender.displayName, context.sender.timeZone),
    };
  }

  private async save(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const word = read.text(args, 'mode');
    const mode = word === undefined ? 'fail' : SAVE_MODES[word.toLowerCase()];
    if (!mode)
      return {
        visibility: 'ephemeral',
        text: {
          en: `Add overwrite or rename (not "${word ?? ''}").`,
          ko: `덮어쓰기 또는 새이름 중 하나를 붙이세요("${word ?? ''}" 아님).`,
        },
      };
    const { path, file } = await this.documents.save(
      senderPrincipal(context),
      context.roomId,
      read.text(args, 'file') ?? '',
      mode,
    );
    return {
      visibility: 'ephemeral',
      text: {
        en: `Saved ${file.name} to the folder as ${path}.`,
        ko: `${file.name} 을(를) 폴더에 ${path} (으)로 저장했습니다.`,
      },
    };
  }

  private async status(context: CommandContext): Promise<CommandReply> {
    const link = await this.documents.get(senderPrincipal(context), context.roomId);
    const state =
      link.status === 'active'
        ? { ko: '알림 중', en: 'followed' }
        : { ko: `멈춤 (${link.lastError ?? ''})`, en: `parked (${link.lastError ?? ''})` };
    return {
      visibility: 'ephemeral',
      text: {
        en: `${link.url} ${link.path} as ${link.username}: ${state.en}`,
        ko: `${link.url} ${link.path} (${link.username}): ${state.ko}`,
      },
    };
  }
}

/**
 * A document server that is down is answered at once with its code (DOCUMENTS_UNREACHABLE), not
 * retried by the command queue: the sender can try again, and retries would only answer later.
 */
async function answered(run: () => Promise<CommandReply>): Promise<CommandReply> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DocumentsException && BREAKAGE_KINDS.has(error.kind))
      throw new DocumentsException(error.code, error.text, 'dependency_failed', error.details);
    throw error;
  }
}
