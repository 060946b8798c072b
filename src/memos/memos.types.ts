export type MemoTargetKind = 'user' | 'department' | 'agency';
