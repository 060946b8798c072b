import { JitsiMeeting } from '@jitsi/react-sdk';
import type { IJitsiMeetExternalApi } from '@jitsi/react-sdk/lib/types';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { registerTexts } from '../i18n';
import { Alert, Button, Loading } from './components';
import './jitsi-room.css';

registerTexts('jitsiRoom', {
  ko: {
    frame: '{{title}} 영상회의 화면',
    publicServer:
      '공개 영상회의 서버입니다. 이곳에는 전용 영상회의 서버가 설정되어 있지 않아 공개 서버 meet.jit.si로 연결합니다. 접근 제한이 없어 방 주소를 아는 사람은 누구나 들어올 수 있으니, 민감한 내용은 이야기하지 마세요.',
    lobby: '대기실에서 기다립니다. 진행자가 입장을 허락하면 회의에 들어갑니다.',
    moderator: '진행자로 참여합니다. 대기실의 참석자를 들이고, 마이크를 끄고, 회의를 끝낼 수 있습니다.',
    prejoin: '입장하기 전에 회의 화면에서 카메라와 마이크를 확인할 수 있습니다.',
    leave: '회의에서 나가기',
    loading: '영상회의를 불러오는 중…',
  },
  en: {
    frame: 'Video meeting: {{title}}',
    publicServer:
      'A public video server. No video deployment of its own is configured here, so you are connected to the public meet.jit.si. Nothing restricts access there: anyone who knows the room address can come in, so do not discuss anything sensitive.',
    lobby: 'You wait in the lobby. You enter the meeting when the host lets you in.',
    moderator: 'You join as the moderator: you let people in from the lobby, mute them and end the meeting.',
    prejoin: 'Before you enter, the meeting screen lets you check your camera and microphone.',
    leave: 'Leave the meeting',
    loading: 'Loading the video meeting…',
  },
});

/**
 * The props of the embedded video room. Every value comes from a join answer of the API
 * (`POST /meetings/:id/join`, `POST /meetings/guest/:token/join`,
 * `POST /public/consultations/manage/:token/join`), which all return a `VideoJoinLink`:
 * pass `domain`, `room` as `roomName`, `token` as `jwt`, `moderator`, `lobby` and `publicDeployment` as they are.
 */
export interface JitsiRoomProps {
  /** The deployment's host name (`domain` of the join answer), e.g. `meet.agency.go.kr`. */
  domain: string;
  /** The room on it (`room` of the join answer). */
  roomName: string;
  /** The person's own token (`token`); null on the public meet.jit.si. */
  jwt: string | null;
  /** From the join answer (`publicDeployment`): the room is on a public service anyone can enter, said above the room. */
  publicDeployment: boolean;
  /** How the person is shown when the token does not name them (the token's name wins). */
  displayName: string;
  email?: string;
  /** 'ko' or 'en': the language of Jitsi's own screens. */
  lang: string;
  /** The meeting's title: names the frame for screen readers. */
  title: string;
  /** From the join answer: says "you moderate" above the room. */
  moderator?: boolean;
  /** From the join answer: a non-moderator is told they wait in the lobby. */
  lobby?: boolean;
  /** Jitsi's pre-join screen (camera and microphone check) before entering; on unless false. */
  prejoin?: boolean;
  /** The person entered the conference (after the lobby, if any). */
  onJoined?: () => void;
  /** The person is out of the conference (hung up, or was removed). */
  onLeft?: () => void;
  /** Jitsi is done with the page (after hang-up), or the person pressed the leave button. */
  onReadyToClose: () => void;
  /** A moderator hears that someone knocks in the lobby (their name). */
  onLobby?: (knocking: { name: string }) => void;
}

/**
 * A Jitsi Meet room embedded with `@jitsi/react-sdk` (external_api.js from the deployment, which the
 * CSP allows as script-src and frame-src). Disposes of the room when it unmounts.
 */
export function JitsiRoom(props: JitsiRoomProps) {
  const { t } = useTranslation('jitsiRoom');
  const apiRef = useRef<IJitsiMeetExternalApi | null>(null);
  // The SDK binds its callbacks once, when the frame is made: read the latest through a ref.
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  useEffect(() => () => apiRef.current?.dispose(), []);

  const { domain, roomName, jwt, displayName, email, lang, title, prejoin = true } = props;
  // Objects made once per room, so the SDK does not see new options on every render.
  const configOverwrite = useMemo(
    () => ({
      prejoinConfig: { enabled: prejoin },
      prejoinPageEnabled: prejoin,
      disableDeepLinking: true,
      disableInviteFunctions: true,
      defaultLanguage: lang,
      subject: title,
    }),
    [prejoin, lang, title],
  );
  const interfaceConfigOverwrite = useMemo(
    () => ({ MOBILE_APP_PROMO: false, SHOW_CHROME_EXTENSION_BANNER: false }),
    [],
  );
  const userInfo = useMemo(() => ({ displayName, email: email ?? '' }), [displayName, email]);

  return (
    <section className="jitsi-room" aria-label={t('frame', { title })}>
      {props.publicDeployment && (
        <Alert tone="warning" live>
          <p>{t('publicServer')}</p>
        </Alert>
      )}
      {props.moderator ? (
        <p className="jitsi-room__note">{t('moderator')}</p>
      ) : props.lobby ? (
        <p className="jitsi-room__note">{t('lobby')}</p>
      ) : null}
      {prejoin && <p className="jitsi-room__note subtle">{t('prejoin')}</p>}
      <div className="jitsi-room__frame">
        <JitsiMeeting
          domain={domain}
          roomName={roomName}
          jwt={jwt ?? undefined}
          lang={lang}
          userInfo={userInfo}
          configOverwrite={configOverwrite}
          interfaceConfigOverwrite={interfaceConfigOverwrite}
          spinner={JitsiSpinner}
          getIFrameRef={(node) => {
            node.style.height = '100%';
            node.style.width = '100%';
          }}
          onApiReady={(api) => {
            apiRef.current = api;
            const frame = api.getIFrame();
            frame.setAttribute('title', t('frame', { title }));
            frame.style.height = '100%';
            frame.style.width = '100%';
            api.on('videoConferenceJoined', () => latest.current.onJoined?.());
            api.on('videoConferenceLeft', () => latest.current.onLeft?.());
            api.on('knockingParticipant', (event: { participant?: { name?: string } }) =>
              latest.current.onLobby?.({ name: event.participant?.name ?? '' }),
            );
          }}
          onReadyToClose={() => latest.current.onReadyToClose()}
        />
      </div>
      <div className="row">
        <Button
          variant="danger"
          onClick={() => {
            apiRef.current?.executeCommand('hangup');
            latest.current.onReadyToClose();
          }}
        >
          {t('leave')}
        </Button>
      </div>
    </section>
  );
}

function JitsiSpinner() {
  const { t } = useTranslation('jitsiRoom');
  return <Loading label={t('loading')} />;
}
