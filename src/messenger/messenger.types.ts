export const RoomKind = {
  Direct: 'direct',
  Group: 'group',
  Agency: 'agency',
  Collaboration: 'collaboration',
} as const;
export type RoomKind = (typeof RoomKind)[keyof typeof RoomKind];

export const MemberRole = { Owner: 'owner', Member: 'member' } as const;
export type MemberRole = (typeof MemberRole)[keyof typeof MemberRole];

export const MessageKind = { Text: 'text', System: 'system', Bot: 'bot' } as const;
export type MessageKind = (typeof MessageKind)[keyof typeof MessageKind];

export const MAX_MESSAGE_LENGTH = 10_000;
export const MAX_PAGE = 100;
