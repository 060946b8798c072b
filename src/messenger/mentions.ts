// A name may hold dots (kim.mois); a dot at its end is the sentence's.
const MENTION = /(?:^|[\s(（[「『"'“])@([^\s@,!?;:)）\]」』"'”]+)/gu;

/** Names that mention everyone in the room. */
export const ROOM_MENTIONS = new Set(['room', 'all', 'here', 'channel', '방', '모두', '전체']);

/** The @names a message body holds, normalised (NFKC, lower-case), each once. */
export function mentionNames(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.normalize('NFKC').matchAll(MENTION)) {
    const name = match[1]?.replace(/\.+$/, '').toLowerCase();
    if (name) names.add(name);
  }
  return [...names];
}
