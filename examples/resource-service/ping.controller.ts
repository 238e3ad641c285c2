import { Controller, Get } from '@nestjs/common';
import { Public } from '@auth-service/guard';

const PONG = { pong: true };

/**
 * One handler behind two routes, with and without the guard: bench/guard.bench.mjs measures
 * the guard's cost as the difference between them.
 */
@Controller('ping')
export class PingController {
  @Public()
  @Get('open')
  open() {
    return PONG;
  }

  @Get('guarded')
  guarded() {
    return PONG;
  }
}
