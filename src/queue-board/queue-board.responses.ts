// Response shapes for the API document: classes for documentation only, mirroring what the routes return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({
  name: 'QueueBoardTicket',
  description: '작업 대기열 화면 입장권(쿠키로 설정됨) / The pass to the queue dashboard, set as a cookie',
})
export class QueueBoardTicketSchema {
  @ApiProperty({ type: String, example: '/admin/queues/', description: 'where the client goes next' })
  location: unknown;

  @ApiProperty({ type: Number, description: "the pass's lifetime in seconds" })
  expiresIn: unknown;
}
