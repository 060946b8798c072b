// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'VideoJoinLink' })
export class VideoJoinLinkSchema {
  @ApiProperty({ type: String })
  url: unknown;

  @ApiProperty({
    type: String,
    description: "The deployment's host name and the room on it, for a client that embeds the room (external_api.js).",
  })
  domain: unknown;

  @ApiProperty({ type: String })
  room: unknown;

  @ApiProperty({
    type: Boolean,
    description: 'Whether this person moderates (hosts and investigators), and whether others wait in a lobby.',
  })
  moderator: unknown;

  @ApiProperty({ type: Boolean })
  lobby: unknown;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The credential inside the URL, when the provider uses one.',
  })
  token: unknown;

  @ApiProperty({ type: String, format: 'date-time', description: 'After this the link no longer opens the room.' })
  expiresAt: unknown;

  @ApiProperty({
    type: Boolean,
    description:
      'The room is on a public service without access control (meet.jit.si): anyone with its address can enter.',
  })
  publicDeployment: unknown;
}
