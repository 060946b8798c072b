import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsOptional } from '../common/optional.js';

export class LinkDocumentsDto {
  @ApiProperty({
    example: 'https://cloud.example.go.kr/remote.php/dav/files/kim',
    description: 'the WebDAV endpoint, http or https, without credentials in it',
  })
  @IsString()
  @MinLength(8)
  @MaxLength(2048)
  url: string;

  @ApiProperty({ example: 'kim' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  username: string;

  @ApiProperty({ description: 'stored encrypted, never returned' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;

  @ApiProperty({ example: '/부서 공유/회의자료', description: 'the folder below the endpoint' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  path: string;
}

export class SaveDocumentDto {
  @ApiProperty({ description: 'a file posted in the room' })
  @IsUUID()
  fileId: string;

  @ApiPropertyOptional({
    enum: ['fail', 'overwrite', 'rename'],
    description:
      'when the name exists: fail (409 DOCUMENTS_CONFLICT, the default), overwrite, or rename to "name (2).ext"',
  })
  @IsOptional()
  @IsIn(['fail', 'overwrite', 'rename'])
  mode?: 'fail' | 'overwrite' | 'rename';
}
