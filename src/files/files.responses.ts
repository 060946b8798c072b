// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'FileView' })
export class FileViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "Null for a file outside rooms (a memo's, an opinion's, a wall post's, or one not attached yet).",
  })
  roomId: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String })
  contentType: unknown;

  @ApiProperty({ type: Number })
  size: unknown;

  @ApiProperty({ type: String })
  sha256: unknown;

  @ApiProperty({ type: String })
  createdAt: unknown;
}
