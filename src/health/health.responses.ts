// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'HealthResponse' })
export class HealthResponseSchema {
  @ApiProperty({ enum: ['ok'], type: String })
  status: unknown;
}

@ApiSchema({ name: 'ReadyResponse' })
export class ReadyResponseSchema {
  @ApiProperty({ enum: ['ready'], type: String })
  status: unknown;

  @ApiProperty({ enum: ['ok'], type: String })
  postgres: unknown;

  @ApiProperty({ enum: ['ok'], type: String })
  redis: unknown;
}
