export const RoomKind = {
  Direct: 'direct',
  Group: 'group',
  Agency: 'agency',
  Collaboration: 'collaboration',
} as const;
export type RoomKind = (typeof RoomKind)[keyof typeof RoomKind];

export const MemberRole = { Owner: 'owner', Member: 'member' } as const;
/** Who may invite people into a group or collaboration room: its owners (managers), or any member. */
export const RoomInvitePolicy = { Managers: 'managers', Members: 'members' } as const;
export type RoomInvitePolicy = (typeof RoomInvitePolicy)[keyof typeof RoomInvitePolicy];
export type MemberRole = (typeof MemberRole)[keyof typeof MemberRole];

export const MessageKind = { Text: 'text', System: 'system', Bot: 'bot' } as const;
export type MessageKind = (typeof MessageKind)[keyof typeof MessageKind];

/** The longest message, in characters as messageLength counts them. */
export const MAX_MESSAGE_LENGTH = 10_000;

/**
 * A message's length as a reader counts characters: Unicode code points after NFC, so a Korean
 * syllable is one (also when a Mac sent it decomposed), and so is an emoji such as 😀; an emoji
 * joined from several (a family) counts each part. Bounded in bytes, unlike grapheme clusters.
 */
export function messageLength(text: string): number {
  let count = 0;
  for (const _ of text.normalize('NFC')) count++;
  return count;
}
export const MAX_PAGE = 100;
/** The most changes one read of a room's change feed returns. */
export const MAX_CHANGES_PAGE = 500;
