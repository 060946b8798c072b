// /confirm (/확인): the command that carries out another that asked first. CommandService runs it; this is its name, its question and its table entry.
import type { LocalisedText } from '../common/ieum.exception.js';
import { commandKey } from './bot.registry.js';
import { CONFIRMATION_TTL_SECONDS } from './confirmation.store.js';
import type { CommandSpec } from './sdk/command-table.js';

const CONFIRM_NAMES = ['confirm', '확인'];

/** `/confirm` and `/확인` are the pipeline's own: they read the pending confirmation from Redis. */
export function isConfirm(name: string): boolean {
  return CONFIRM_NAMES.includes(commandKey(name));
}

export function confirmationQuestion(question: LocalisedText, code: string): LocalisedText {
  const minutes = CONFIRMATION_TTL_SECONDS / 60;
  return {
    en: `${question.en}\nTo go ahead, send /confirm ${code} within ${minutes} minutes.`,
    ko: `${question.ko}\n진행하려면 ${minutes}분 안에 /확인 ${code} 을(를) 보내세요.`,
  };
}

/** The table entry that documents /confirm; the pipeline itself carries it out. */
export function confirmSpec(): CommandSpec {
  return {
    name: 'confirm',
    aliases: ['확인'],
    summary: { en: 'Confirm a command that asked for it', ko: '확인을 요청한 명령을 진행합니다' },
    subcommands: [
      {
        name: '',
        summary: { en: 'Confirm with the code the command gave', ko: '명령이 알려 준 코드로 확인합니다' },
        usage: '/confirm <code>',
        examples: ['/confirm K7Q2XH', '/확인 K7Q2XH'],
        args: [
          { name: 'code', kind: 'word', required: true, description: { en: 'the confirmation code', ko: '확인 코드' } },
        ],
        run: () => Promise.reject(new Error('/confirm is carried out by the pipeline')),
      },
    ],
  };
}
