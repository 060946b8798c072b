import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ApiError } from '../../api/errors';
import { ErrorAlert, Loading } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { call, type VideoJoinLink } from './api';
import { useBooking } from './ManagePage';
import { useAction } from './remote';
import { Cancelled, ErrorPage, Heading, HomeLink, Problem, useNowUntil } from './shell';

// The video room (the SDK and the deployment's external_api.js) loads only when the citizen enters.
const JitsiRoom = lazy(() => import('../../ui/JitsiRoom').then((m) => ({ default: m.JitsiRoom })));

type Media = 'idle' | 'starting' | 'on' | 'denied' | 'missing' | 'failed';

/**
 * Camera preview, a microphone level and a speaker test, in the browser only (nothing is sent).
 * The devices are released before the room takes them.
 */
function DeviceCheck() {
  const { t } = useTranslation('citizen');
  const id = useId();
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const audio = useRef<AudioContext | null>(null);
  const [media, setMedia] = useState<Media>('idle');
  const [level, setLevel] = useState(0);
  const [heard, setHeard] = useState(false);
  const [speaker, setSpeaker] = useState<'idle' | 'playing' | 'played'>('idle');

  useEffect(
    () => () => {
      stream.current?.getTracks().forEach((track) => track.stop());
      void audio.current?.close();
    },
    [],
  );

  useEffect(() => {
    if (media !== 'on' || !stream.current) return;
    if (video.current) video.current.srcObject = stream.current;
    if (stream.current.getAudioTracks().length === 0) return;
    const context = (audio.current ??= new AudioContext());
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    const source = context.createMediaStreamSource(stream.current);
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      const rms = Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length);
      const next = Math.min(1, rms * 5);
      setLevel(next);
      if (next > 0.04) setHeard(true);
    }, 150);
    return () => {
      clearInterval(timer);
      source.disconnect();
    };
  }, [media]);

  const start = async () => {
    setMedia('starting');
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({
        video: true,
        audio: true,
      });
      setMedia('on');
    } catch (error) {
      const name = error instanceof DOMException ? error.name : '';
      setMedia(
        name === 'NotAllowedError' || name === 'SecurityError'
          ? 'denied'
          : name === 'NotFoundError' || name === 'OverconstrainedError'
            ? 'missing'
            : 'failed',
      );
    }
  };

  const playTone = () => {
    const context = (audio.current ??= new AudioContext());
    void context.resume();
    const tone = context.createOscillator();
    const gain = context.createGain();
    tone.frequency.value = 660;
    gain.gain.value = 0.2;
    tone.connect(gain).connect(context.destination);
    tone.onended = () => setSpeaker('played');
    setSpeaker('playing');
    tone.start();
    tone.stop(context.currentTime + 1);
  };

  return (
    <section className="citizen-devices" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('join.checkTitle')}</h2>
      <p>{t('join.checkLead')}</p>
      {media !== 'on' && (
        <button
          type="button"
          className="btn btn--secondary"
          disabled={media === 'starting'}
          onClick={() => void start()}
        >
          {t('join.start')}
        </button>
      )}
      {(media === 'denied' || media === 'missing' || media === 'failed') && (
        <div className="alert alert--warning" role="alert">
          <p>{t(`join.${media}`)}</p>
        </div>
      )}
      {media === 'on' && (
        <div className="citizen-devices__grid">
          <figure className="citizen-devices__video">
            <video ref={video} autoPlay muted playsInline />
            <figcaption>{t('join.preview')}</figcaption>
          </figure>
          <div>
            <label htmlFor={`${id}-level`} className="field__label">
              {t('join.micLevel')}
            </label>
            <meter id={`${id}-level`} className="citizen-meter" min={0} max={1} low={0.04} value={level} />
            <p role="status">{heard ? t('join.micHeard') : t('join.micSilent')}</p>
          </div>
        </div>
      )}
      <div>
        <button type="button" className="btn btn--secondary" onClick={playTone} disabled={speaker === 'playing'}>
          {t('join.speaker')}
        </button>
        <p role="status">
          {speaker === 'playing' ? t('join.speakerPlaying') : speaker === 'played' ? t('join.speakerAsk') : ''}
        </p>
      </div>
    </section>
  );
}

/** The room, with the lobby said plainly until the investigator lets the citizen in. */
function Room({
  link,
  name,
  email,
  onLeft,
}: {
  link: VideoJoinLink;
  name: string;
  email: string | null;
  onLeft: () => void;
}) {
  const { t, i18n } = useTranslation('citizen');
  const [admitted, setAdmitted] = useState(false);
  return (
    <>
      <p className={`alert ${admitted ? 'alert--success' : 'alert--info'} citizen-lobby`} role="status">
        {admitted ? t('join.joined') : t('join.waiting')}
      </p>
      <Suspense fallback={<Loading label={t('join.entering')} />}>
        <JitsiRoom
          domain={link.domain}
          roomName={link.room}
          jwt={link.token}
          publicDeployment={link.publicDeployment}
          displayName={name}
          email={email ?? undefined}
          lang={i18n.language === 'en' ? 'en' : 'ko'}
          title={t('join.room')}
          moderator={false}
          lobby={false}
          prejoin={false}
          onJoined={() => setAdmitted(true)}
          onLeft={() => setAdmitted(false)}
          onReadyToClose={onLeft}
        />
      </Suspense>
    </>
  );
}

/** Device check, then the video room with the citizen's own token, only while its window is open. */
export default function JoinPage({ token }: { token: string }) {
  const { t } = useTranslation('citizen');
  const booking = useBooking(token);
  const [phase, setPhase] = useState<'check' | 'room' | 'left'>('check');
  const join = useAction(
    () =>
      call<VideoJoinLink>(`/manage/${encodeURIComponent(token)}/join`, {
        method: 'POST',
      }),
    { onSuccess: () => setPhase('room') },
  );
  const now = useNowUntil(booking.data?.joinOpensAt ?? null);
  const back = (
    <Link href={`/manage/${encodeURIComponent(token)}`} className="btn btn--secondary">
      {t('join.back')}
    </Link>
  );

  if (booking.isError) return <ErrorPage error={booking.error} onRetry={() => booking.refetch()} />;
  if (!booking.data) return <Loading />;
  const view = booking.data;
  if (view.status === 'cancelled') return <Cancelled />;
  const serverSays = join.error instanceof ApiError ? join.error : null;
  const opensAt =
    serverSays?.code === 'CONSULT_NOT_OPEN_YET'
      ? String(serverSays.body.details?.['opensAt'] ?? view.joinOpensAt)
      : view.joinOpensAt;
  if (serverSays?.code === 'CONSULT_NOT_OPEN_YET' || (opensAt && now < Date.parse(opensAt))) {
    return (
      <Problem title={t('join.notYetTitle')} tone="info" actions={back}>
        <p>
          {t('join.notYetBody', {
            time: formatDateTime(opensAt ?? view.startsAt),
          })}
        </p>
      </Problem>
    );
  }
  if (
    !view.joinClosesAt ||
    now >= Date.parse(view.joinClosesAt) ||
    serverSays?.code === 'CONSULT_OVER' ||
    serverSays?.code === 'CONSULT_CLOSED'
  ) {
    return (
      <Problem title={t('join.closedTitle')} tone="info" actions={<HomeLink label={t('cancelled.again')} />}>
        <p>{t('join.closedBody')}</p>
      </Problem>
    );
  }
  if (serverSays?.code === 'CONSULT_VIDEO_NOT_CONFIGURED') {
    return (
      <Problem title={t('join.noVideoTitle')} actions={back}>
        <p>{t('join.noVideoBody')}</p>
      </Problem>
    );
  }
  if (phase === 'room' && join.data) {
    return (
      <div className="citizen-flow citizen-flow--wide">
        <Heading>{t('join.title')}</Heading>
        <Room link={join.data} name={view.name ?? ''} email={view.email} onLeft={() => setPhase('left')} />
      </div>
    );
  }
  if (phase === 'left') {
    return (
      <Problem
        title={t('join.ended')}
        tone="info"
        actions={
          <>
            <button type="button" className="btn" onClick={() => join.run(undefined)}>
              {t('join.rejoin')}
            </button>
            {back}
          </>
        }
      >
        <p>{t('join.endedBody')}</p>
      </Problem>
    );
  }
  return (
    <div className="citizen-flow">
      <Heading>{t('join.title')}</Heading>
      <DeviceCheck />
      {join.isError && <ErrorAlert error={join.error} />}
      <div className="citizen-actions">
        <button type="button" className="btn btn--large" disabled={join.isPending} onClick={() => join.run(undefined)}>
          {join.isPending ? t('join.entering') : t('join.enter')}
        </button>
        {back}
      </div>
    </div>
  );
}
