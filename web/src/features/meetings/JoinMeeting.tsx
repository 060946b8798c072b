import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { VideoJoinLink } from '@server/bus/capabilities/video-conference.provider';
import { ApiError } from '../../api/errors';
import { api } from '../../api/http';
import { useMe } from '../../app/session-context';
import { Alert, ErrorAlert, Loading, PageHeader } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { JitsiRoom } from '../../ui/JitsiRoom';
import { meetingKeys, useMeeting } from './api';

/** The meeting's video room in the page, with the person's own token (the host moderates). */
export function JoinMeeting() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('meetings');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const meeting = useMeeting(id);
  const join = useMutation({ mutationFn: () => api<VideoJoinLink>(`/meetings/${id}/join`, { method: 'POST' }) });
  const { mutate } = join;
  useEffect(() => mutate(), [id, mutate]);
  // Leaving the page any other way (the menu, the back button) also ends the attendance stay.
  const joined = useRef(false);
  joined.current = Boolean(join.data);
  useEffect(
    () => () => {
      if (joined.current) void api(`/meetings/${id}/leave`, { method: 'POST' }).catch(() => undefined);
    },
    [id],
  );

  const leave = () => {
    void api(`/meetings/${id}/leave`, { method: 'POST' })
      .catch(() => undefined)
      .then(() => queryClient.invalidateQueries({ queryKey: meetingKeys.attendance(id) }))
      .then(() => navigate(`/meetings/${id}`));
  };

  const title = meeting.data?.title ?? '';
  const opensAt =
    join.error instanceof ApiError && join.error.code === 'MEETING_NOT_OPEN_YET'
      ? (join.error.body.details?.opensAt as string | undefined)
      : undefined;
  return (
    <div className="page page--wide">
      <PageHeader
        title={t('join.title', { title })}
        actions={
          <Link className="btn btn--secondary btn--small" to={`/meetings/${id}`}>
            {t('actions.back')}
          </Link>
        }
      />
      {join.isPending && <Loading label={t('join.loading')} />}
      {opensAt ? (
        <Alert tone="info" live>
          <p>{t('join.notOpen', { when: formatDateTime(opensAt) })}</p>
        </Alert>
      ) : (
        join.isError && <ErrorAlert error={join.error} onRetry={() => mutate()} />
      )}
      {join.data && me && (
        <JitsiRoom
          domain={join.data.domain}
          roomName={join.data.room}
          jwt={join.data.token}
          publicDeployment={join.data.publicDeployment}
          displayName={me.displayName}
          email={me.email ?? undefined}
          lang={i18n.language}
          title={title}
          moderator={join.data.moderator}
          lobby={join.data.lobby}
          onReadyToClose={leave}
        />
      )}
    </div>
  );
}
