export type WallKind = 'government' | 'agency' | 'topic';
