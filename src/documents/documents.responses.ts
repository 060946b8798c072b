// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({
  name: 'DocumentLinkView',
  description: "대화방의 문서 폴더 연결(비밀번호 제외) / A room's document folder, never its password",
})
export class DocumentLinkViewSchema {
  @ApiProperty({ type: String, description: 'the WebDAV endpoint' })
  url: unknown;

  @ApiProperty({ type: String, description: 'the folder below the endpoint' })
  path: unknown;

  @ApiProperty({ type: String })
  username: unknown;

  @ApiProperty({
    enum: ['active', 'parked'],
    type: String,
    description:
      'parked: syncing stopped after repeated failures (or a refused password) until a room owner links the folder again',
  })
  status: unknown;

  @ApiProperty({ type: String, nullable: true })
  lastError: unknown;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  syncedAt: unknown;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  parkedAt: unknown;
}

@ApiSchema({ name: 'SavedDocument' })
export class SavedDocumentSchema {
  @ApiProperty({ type: String, description: 'where the file was saved, inside the linked folder' })
  path: unknown;

  @ApiProperty({ type: String })
  fileId: unknown;
}
