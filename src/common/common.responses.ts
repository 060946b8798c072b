// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'LocalisedText' })
export class LocalisedTextSchema {
  @ApiProperty({ type: String })
  en: unknown;

  @ApiProperty({ type: String })
  ko: unknown;
}

/** Something named in a view by its id and the name people know it by: a person, an agency, a department. */
@ApiSchema({ name: 'NamedRef' })
export class NamedRefSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  name: unknown;
}
