import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JobName, type JobContext, type JobPayloads } from './bus.constants.js';
import { ON_JOB } from './on-job.decorator.js';

type Handler = (data: unknown, context: JobContext) => Promise<unknown>;

export class JobHandlerConfigurationError extends Error {}

/** Finds every @OnJob method at boot and refuses a job with no handler or with two. */
@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<JobName, { handler: Handler; owner: string }>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const problems: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (instance === null || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = (instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<JobName | undefined>(ON_JOB, fn as Handler);
        if (name === undefined) continue;
        const owner = `${instance.constructor.name}.${method}`;
        const existing = this.handlers.get(name);
        if (existing) {
          problems.push(`job "${name}" has two handlers: ${existing.owner} and ${owner}`);
          continue;
        }
        this.handlers.set(name, { handler: (fn as Handler).bind(instance), owner });
      }
    }
    for (const name of Object.values(JobName)) {
      if (!this.handlers.has(name)) problems.push(`job "${name}" has no handler`);
    }
    if (problems.length > 0) {
      throw new JobHandlerConfigurationError(`Job handlers are misconfigured:\n  - ${problems.join('\n  - ')}`);
    }
  }

  async run<N extends JobName>(name: N, data: JobPayloads[N], context: JobContext): Promise<unknown> {
    const entry = this.handlers.get(name);
    if (!entry) throw new JobHandlerConfigurationError(`job "${name}" has no handler`);
    return entry.handler(data, context);
  }
}
