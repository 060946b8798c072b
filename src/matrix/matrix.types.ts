/** The bridge's bot: Matrix people's messages are posted in Ieum as its messages, under their names. */
export const MATRIX_BOT_ID = 'matrix';

/** How a room's bridge stands, for `/matrix status`. */
export interface MatrixLinkStatus {
  matrixRoomId: string;
  matrixAlias: string | null;
  /** Messages waiting to go to Matrix. */
  backlog: number;
  /** While the homeserver does not answer: how long until the next try, and why. */
  parkedForMs: number | null;
  failures: number;
  lastError: string | null;
  lastSentAt: Date | null;
}
