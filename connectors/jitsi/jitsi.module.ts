import { Module } from '@nestjs/common';
import {
  VIDEO_CONFERENCE_PROVIDER,
  type VideoConferenceProvider,
} from '../../src/bus/capabilities/video-conference.provider.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../../src/config/app-config.js';
import { JitsiConnector, JitsiCredentials, JitsiDevelopmentConnector } from './jitsi.connector.js';

function createProvider(config: ResolvedAppConfig): VideoConferenceProvider {
  const { domain, appId, appSecret, marginMinutes } = config.jitsi;
  if (!domain || !appId || !appSecret) return new JitsiDevelopmentConnector();
  return new JitsiConnector(new JitsiCredentials({ domain, appId, appSecret, marginMinutes }));
}

/** Provides the video-conference capability from JITSI_* settings. */
@Module({
  providers: [{ provide: VIDEO_CONFERENCE_PROVIDER, inject: [APP_CONFIG], useFactory: createProvider }],
  exports: [VIDEO_CONFERENCE_PROVIDER],
})
export class JitsiModule {}
