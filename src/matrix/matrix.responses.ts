// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({
  name: 'MatrixLinkStatus',
  description: 'Matrix 방 연결과 보내기 대기열 / The Matrix room a room is linked to, and its outbound queue',
})
export class MatrixLinkStatusSchema {
  @ApiProperty({ type: String, example: '!abc:example.org' })
  matrixRoomId: unknown;

  @ApiProperty({ type: String, nullable: true, example: '#budget:example.org' })
  matrixAlias: unknown;

  @ApiProperty({ type: Number, description: 'messages waiting to go to Matrix' })
  backlog: unknown;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'while parked (the homeserver not answering): milliseconds until the next try',
  })
  parkedForMs: unknown;

  @ApiProperty({ type: Number, description: 'failures in a row' })
  failures: unknown;

  @ApiProperty({ type: String, nullable: true })
  lastError: unknown;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSentAt: unknown;
}

@ApiSchema({
  name: 'MatrixRoomState',
  description: '대화방의 Matrix 연결 상태 / Whether and how a room is bridged to Matrix',
})
export class MatrixRoomStateSchema {
  @ApiProperty({ type: Boolean, description: 'whether this deployment has a homeserver configured' })
  available: unknown;

  @ApiProperty({ type: MatrixLinkStatusSchema, nullable: true, description: 'null when the room is not linked' })
  link: unknown;
}
