export type DocumentLinkStatus = 'active' | 'parked';
export type DocumentChangeKind = 'added' | 'changed' | 'removed';
