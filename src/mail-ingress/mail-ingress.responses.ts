// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'RoomMailAddressView' })
export class RoomMailAddressViewSchema {
  @ApiProperty({ type: String })
  roomId: unknown;

  @ApiProperty({ type: String, nullable: true })
  roomName: unknown;

  @ApiProperty({ type: String })
  roomKind: unknown;

  @ApiProperty({ type: String, nullable: true })
  address: unknown;

  @ApiProperty({ enum: ['accept', 'mark', 'reject'], type: String, nullable: true })
  authPolicy: unknown;

  @ApiProperty({ type: String, nullable: true })
  since: unknown;
}

@ApiSchema({ name: 'AddressResponse' })
export class AddressResponseSchema {
  @ApiProperty({ type: String })
  address: unknown;
}

@ApiSchema({ name: 'RotateResponse' })
export class RotateResponseSchema {
  @ApiProperty({ type: String })
  address: unknown;
}

@ApiSchema({ name: 'PolicyResponse' })
export class PolicyResponseSchema {
  @ApiProperty({ type: String })
  address: unknown;

  @ApiProperty({ enum: ['accept', 'mark', 'reject'], type: String })
  authPolicy: unknown;
}
