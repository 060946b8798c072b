import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { VideoJoinLink } from '@server/bus/capabilities/video-conference.provider';
import type { GuestMeetingView } from '@server/meetings/meeting-room.service';
import { ApiError } from '../../api/errors';
import { api } from '../../api/http';
import { registerTexts } from '../../i18n';
import { Alert, Button, ErrorAlert, Loading, TextField, useDocumentTitle } from '../../ui/components';
import { DeviceCheck } from '../../ui/DeviceCheck';
import { currentTimeZone, formatDateTime, formatFullDay, formatTime } from '../../ui/format';
import { JitsiRoom } from '../../ui/JitsiRoom';
import { LanguageSwitch } from '../../ui/LanguageSwitch';
import './guest-join.css';

registerTexts('meetingGuest', {
  ko: {
    page: '영상회의 참여',
    intro: '이음 영상회의에 초대되었습니다. 계정 없이 이 페이지에서 바로 참여할 수 있습니다.',
    when: '일시',
    host: '주최',
    zone: '{{zone}} 기준',
    lobby: '이 회의는 대기실을 씁니다. 입장하면 주최자가 들여보낼 때까지 기다립니다.',
    name: '회의에서 보일 이름',
    nameHint: '다른 참석자에게 이 이름이 보입니다.',
    nameRequired: '이름을 입력하세요(100자 이내).',
    devices: '장치 확인(선택)',
    devicesHint: '입장하기 전에 카메라와 마이크가 잘 되는지 확인할 수 있습니다.',
    join: '회의 참여',
    joining: '입장하는 중…',
    notOpen: '회의실은 {{when}}에 열립니다. 그때 이 링크로 다시 들어오세요.',
    invalid:
      '더 이상 쓸 수 없는 링크입니다. 회의 일정이 바뀌면 새 링크를 전자우편으로 보내 드립니다. 가장 최근에 받은 초대장의 링크를 여세요.',
    closed: '이 회의는 취소되었거나 끝났습니다.',
    left: '회의에서 나왔습니다.',
    rejoin: '다시 참여',
    privacy: '이 링크는 받은 분만을 위한 것입니다. 다른 사람에게 전달하지 마세요.',
  },
  en: {
    page: 'Join a video meeting',
    intro: 'You are invited to an Ieum video meeting. Join right here, no account needed.',
    when: 'When',
    host: 'Host',
    zone: 'in {{zone}}',
    lobby: 'This meeting has a lobby: once you join, you wait until the host lets you in.',
    name: 'Your name in the meeting',
    nameHint: 'The other participants see this name.',
    nameRequired: 'Enter your name (100 characters at most).',
    devices: 'Device check (optional)',
    devicesHint: 'Check that your camera and microphone work before you join.',
    join: 'Join the meeting',
    joining: 'Joining…',
    notOpen: 'The meeting room opens at {{when}}. Come back to this link then.',
    invalid:
      'This link no longer works. When a meeting changes, a new link is e-mailed to you: open the one in the latest invitation.',
    closed: 'This meeting was cancelled or has ended.',
    left: 'You left the meeting.',
    rejoin: 'Join again',
    privacy: 'This link is for you alone. Please do not pass it on.',
  },
});

/** The page an outside guest's invitation opens: no account, just the meeting, a name and the room. */
export function Component() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation('meetingGuest');
  const zone = currentTimeZone();
  const meeting = useQuery({
    queryKey: ['meeting-guest', token],
    queryFn: () => api<GuestMeetingView>(`/meetings/guest/${encodeURIComponent(token)}`),
    retry: false,
  });
  const [name, setName] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [left, setLeft] = useState(false);
  const join = useMutation({
    mutationFn: (shownAs: string) =>
      api<VideoJoinLink & { meeting: { title: string } }>(`/meetings/guest/${encodeURIComponent(token)}/join`, {
        method: 'POST',
        body: { name: shownAs },
      }),
  });
  useDocumentTitle(meeting.data?.title ?? t('page'));

  const shownName = name ?? meeting.data?.displayName ?? '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = shownName.trim();
    if (trimmed.length === 0 || trimmed.length > 100) return setNameError(t('nameRequired'));
    setNameError(null);
    setLeft(false);
    join.mutate(trimmed);
  };

  const code = (error: unknown) => (error instanceof ApiError ? error.code : null);
  const opensAt =
    code(join.error) === 'MEETING_NOT_OPEN_YET'
      ? ((join.error as ApiError).body.details?.opensAt as string | undefined)
      : undefined;
  const inRoom = join.data && !left;

  return (
    <div className="guest">
      <header className="guest__top">
        <span className="guest__brand">
          <img src="/favicon.svg" alt="" width={28} height={28} /> {i18n.t('app.name')}
        </span>
        <LanguageSwitch />
      </header>
      <main id="main" className={`guest__main${inRoom ? ' guest__main--room' : ''}`}>
        {meeting.isPending && <Loading />}
        {meeting.isError && (
          <>
            <h1>{t('page')}</h1>
            {code(meeting.error) === 'MEETING_LINK_INVALID' ? (
              <Alert tone="warning">
                <p>{t('invalid')}</p>
              </Alert>
            ) : (
              <ErrorAlert error={meeting.error} onRetry={() => void meeting.refetch()} />
            )}
          </>
        )}
        {meeting.data && (
          <>
            <h1>{meeting.data.title}</h1>
            {inRoom ? (
              <JitsiRoom
                domain={join.data.domain}
                roomName={join.data.room}
                jwt={join.data.token}
                publicDeployment={join.data.publicDeployment}
                displayName={shownName.trim()}
                lang={i18n.language}
                title={meeting.data.title}
                moderator={join.data.moderator}
                lobby={join.data.lobby}
                onReadyToClose={() => setLeft(true)}
              />
            ) : (
              <div className="guest__card card">
                {!left && <p>{t('intro')}</p>}
                {left && (
                  <Alert tone="info" live>
                    <p>{t('left')}</p>
                  </Alert>
                )}
                {meeting.data.startsAt && meeting.data.endsAt && meeting.data.joinOpensAt ? (
                  <dl className="guest__facts">
                    <dt>{t('when')}</dt>
                    <dd>
                      {formatFullDay(meeting.data.startsAt, zone)} {formatTime(meeting.data.startsAt, zone)}–
                      {formatTime(meeting.data.endsAt, zone)}
                      <span className="subtle"> ({t('zone', { zone })})</span>
                    </dd>
                    {meeting.data.hostName && (
                      <>
                        <dt>{t('host')}</dt>
                        <dd>{meeting.data.hostName}</dd>
                      </>
                    )}
                  </dl>
                ) : (
                  <Alert tone="warning">
                    <p>{t('closed')}</p>
                  </Alert>
                )}
                {meeting.data.joinOpensAt && (
                  <>
                    {meeting.data.lobby && <p>{t('lobby')}</p>}
                    {opensAt && (
                      <Alert tone="info" live>
                        <p>{t('notOpen', { when: formatDateTime(opensAt, zone) })}</p>
                      </Alert>
                    )}
                    {join.isError &&
                      !opensAt &&
                      (code(join.error) === 'MEETING_LINK_INVALID' ? (
                        <Alert tone="warning" live>
                          <p>{t('invalid')}</p>
                        </Alert>
                      ) : (
                        <ErrorAlert error={join.error} />
                      ))}
                    <form onSubmit={submit} noValidate>
                      <TextField
                        label={t('name')}
                        hint={t('nameHint')}
                        value={shownName}
                        onChange={(e) => setName(e.target.value)}
                        maxLength={100}
                        autoComplete="name"
                        required
                        error={nameError}
                      />
                      <section className="guest__devices" aria-labelledby="guest-devices">
                        <h2 id="guest-devices">{t('devices')}</h2>
                        <p className="subtle">{t('devicesHint')}</p>
                        <DeviceCheck />
                      </section>
                      <Button type="submit" block disabled={join.isPending}>
                        {join.isPending ? t('joining') : left ? t('rejoin') : t('join')}
                      </Button>
                    </form>
                  </>
                )}
                <p className="subtle guest__privacy">{t('privacy')}</p>
              </div>
            )}
          </>
        )}
      </main>
    </div>
  );
}
