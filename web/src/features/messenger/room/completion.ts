import type { AgencyOption } from './queries';
import type { CommandHint, RoomMemberView } from './types';
import { mentionKey } from './MessageBody';

export type Suggestion =
  | { kind: 'person'; id: string; insert: string; label: string; detail: string | null }
  | { kind: 'agency'; id: string; insert: string; label: string; detail: string }
  | { kind: 'room'; id: 'room'; insert: string; label: string; detail: string }
  | { kind: 'command'; id: string; insert: string; label: string; detail: string; aliases: string[] }
  | { kind: 'subcommand'; id: string; insert: string; label: string; detail: string; usage: string };

/** What the caret is in: an @mention being typed, a command name, or a command's first word. */
export type Token =
  | { kind: 'mention'; query: string; start: number; end: number }
  | { kind: 'command'; query: string; start: number; end: number }
  | { kind: 'subcommand'; command: string; query: string; start: number; end: number };

const MENTION_LEAD = /[\s(（[「『"'“]/;

export function tokenAt(text: string, caret: number): Token | null {
  const before = text.slice(0, caret);
  const command = /^[/／](\S*)$/.exec(before);
  if (command) return { kind: 'command', query: command[1] ?? '', start: 0, end: caret };
  const sub = /^[/／](\S+)\s+(\S*)$/.exec(before);
  if (sub)
    return {
      kind: 'subcommand',
      command: sub[1] ?? '',
      query: sub[2] ?? '',
      start: caret - (sub[2] ?? '').length,
      end: caret,
    };
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  const query = before.slice(at + 1);
  if (/[\s@]/.test(query)) return null;
  if (at > 0 && !MENTION_LEAD.test(before[at - 1]!)) return null;
  return { kind: 'mention', query, start: at, end: caret };
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

export function findCommand(commands: CommandHint[], word: string): CommandHint | undefined {
  const key = fold(word);
  return commands.find((c) => [c.name, ...c.aliases].some((n) => fold(n) === key));
}

export function findSubcommand(
  command: CommandHint,
  word: string | undefined,
): CommandHint['subcommands'][number] | undefined {
  if (word) {
    const key = fold(word);
    const named = command.subcommands.find((s) => s.name !== '' && [s.name, ...s.aliases].some((n) => fold(n) === key));
    if (named) return named;
  }
  return (
    command.subcommands.find((s) => s.name === '') ??
    (command.subcommands.length === 1 ? command.subcommands[0] : undefined)
  );
}

const ROOM_WORDS = ['room', '모두', '전체', 'all'];

export function suggestions(
  token: Token,
  sources: {
    members: RoomMemberView[];
    agencies: AgencyOption[];
    commands: CommandHint[];
    meId: string;
    language: string;
    everyone: string;
    agencyLabel: string;
  },
): Suggestion[] {
  const local = (text: { ko: string; en: string }) => (sources.language.startsWith('en') ? text.en : text.ko);
  const query = fold(token.query);
  if (token.kind === 'command') {
    const out: Suggestion[] = [];
    for (const command of sources.commands) {
      const names = [command.name, ...command.aliases];
      const hit = names.find((n) => fold(n).startsWith(query));
      if (hit === undefined) continue;
      out.push({
        kind: 'command',
        id: command.name,
        insert: `/${hit} `,
        label: `/${hit}`,
        detail: local(command.summary),
        aliases: names.filter((n) => n !== hit).map((n) => `/${n}`),
      });
    }
    return out.slice(0, 8);
  }
  if (token.kind === 'subcommand') {
    const command = findCommand(sources.commands, token.command);
    if (!command) return [];
    const out: Suggestion[] = [];
    for (const sub of command.subcommands) {
      if (sub.name === '') continue;
      const names = [sub.name, ...sub.aliases];
      const hit = names.find((n) => fold(n).startsWith(query));
      if (hit === undefined) continue;
      out.push({
        kind: 'subcommand',
        id: sub.name,
        insert: `${hit} `,
        label: hit,
        detail: local(sub.summary),
        usage: sub.usage,
      });
    }
    // A subcommand already typed in full needs no list.
    return out.length === 1 && out[0]!.label === token.query ? [] : out.slice(0, 8);
  }
  const people: Suggestion[] = sources.members
    .filter((m) => m.userId !== sources.meId && m.login)
    .filter(
      (m) =>
        !query ||
        fold(m.login).startsWith(query) ||
        fold(m.displayName).includes(query) ||
        (m.agencyName !== null && fold(m.agencyName).includes(query)),
    )
    .slice(0, 6)
    .map((m) => ({
      kind: 'person',
      id: m.userId,
      insert: `@${m.login} `,
      label: m.displayName,
      detail: m.agencyName ? `@${m.login} · ${m.agencyName}` : `@${m.login}`,
    }));
  const agencies: Suggestion[] =
    query.length === 0
      ? []
      : sources.agencies
          .filter((a) => fold(a.handle).includes(query) || fold(a.code).startsWith(query))
          .slice(0, 4)
          .map((a) => ({
            kind: 'agency',
            id: a.id,
            insert: `@${a.handle} `,
            label: a.name,
            detail: sources.agencyLabel,
          }));
  const room: Suggestion[] = ROOM_WORDS.some((w) => w.startsWith(query))
    ? [{ kind: 'room', id: 'room', insert: '@room ', label: '@room', detail: sources.everyone }]
    : [];
  return [...people, ...room, ...agencies];
}

/** The lower-cased names a mention may use here: members' logins, agencies' handles and codes. */
export function mentionNames(members: Array<{ login: string }>, agencies: AgencyOption[]): Set<string> {
  const names = new Set<string>();
  for (const m of members) if (m.login) names.add(mentionKey(m.login));
  for (const a of agencies) {
    names.add(mentionKey(a.handle));
    names.add(mentionKey(a.code));
  }
  return names;
}
