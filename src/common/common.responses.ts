// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'LocalisedText' })
export class LocalisedTextSchema {
  @ApiProperty({ type: String })
  en: unknown;

  @ApiProperty({ type: String })
  ko: unknown;
}
