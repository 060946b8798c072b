import { SetMetadata } from '@nestjs/common';
import type { JobName } from './bus.constants.js';

export const ON_JOB = Symbol('ieum:on-job');

/**
 * Declares the method that runs a job. Exactly one handler per job name must exist across the
 * application, or start-up fails. The method receives the typed payload and a JobContext; it must
 * be idempotent (check state first), since delivery is at least once.
 */
export const OnJob = (name: JobName): MethodDecorator => SetMetadata(ON_JOB, name);
