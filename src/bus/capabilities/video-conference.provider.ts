/**
 * The video-conference capability a connector provides (connectors/jitsi is one). The domain asks
 * for a room name once per meeting and a personal join link per person; the provider decides what
 * makes the link work (a signed token for Jitsi's token authentication, for instance).
 */
export const VIDEO_CONFERENCE_PROVIDER = Symbol('VIDEO_CONFERENCE_PROVIDER');

/** The person a join link is for, as the video room will show them. */
export interface VideoParticipant {
  /** A stable id for the person (a user id, or a guest participant id). */
  id: string;
  name: string;
  email?: string;
  avatarUrl?: string;
  /** Hosts moderate: they admit people from the lobby, mute and end the meeting. */
  moderator: boolean;
}

/** When the room may be entered; providers add their own margin around it. */
export interface VideoRoomWindow {
  startsAt: Date;
  endsAt: Date;
}

export interface VideoJoinLink {
  url: string;
  /** The deployment's host name and the room on it, for a client that embeds the room (external_api.js). */
  domain: string;
  room: string;
  /** Whether this person moderates (hosts and investigators), and whether others wait in a lobby. */
  moderator: boolean;
  lobby: boolean;
  /** The credential inside the URL, when the provider uses one. */
  token: string | null;
  /** After this the link no longer opens the room. */
  expiresAt: Date;
  /** The room is on a public service without access control (meet.jit.si): anyone with its address can enter. */
  publicDeployment: boolean;
}

export interface VideoConferenceProvider {
  /** Stable id of the provider, for logs and health output. */
  readonly id: string;
  /** Whether its rooms are on a public service without access control, where anyone with a room's address can enter. */
  readonly publicDeployment: boolean;
  /** A new room name: unguessable, carrying no personal names. */
  generateRoomName(): string;
  /**
   * A personal link into `room` for `participant`, valid only around `window`: from
   * `marginMinutes` before it to as long after (the provider's own margin when not given).
   */
  joinUrl(input: {
    room: string;
    participant: VideoParticipant;
    window: VideoRoomWindow;
    lobby: boolean;
    marginMinutes?: number;
    now?: Date;
  }): Promise<VideoJoinLink>;
  /** Whether the deployment answers; reports instead of throwing. */
  checkConnection(): Promise<{ ok: boolean; detail: string }>;
}
