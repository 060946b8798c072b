import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ErrorAlert, Loading, PageHeader } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { useMailAddresses, useMakeAddress, type RoomMailAddressView } from './api';

/** Rooms the person may give an e-mail address, with the address each has; make one or replace it. */
export function MailAddressesPage() {
  const { t } = useTranslation('admin');
  const rooms = useMailAddresses();
  const make = useMakeAddress();
  const [done, setDone] = useState<{ room: string; address: string } | null>(null);

  const act = (room: RoomMailAddressView, rotate: boolean) =>
    make.mutate(
      { roomId: room.roomId, rotate },
      { onSuccess: (answer) => setDone({ room: room.roomName ?? '', address: answer.address }) },
    );

  return (
    <div className="page">
      <PageHeader title={t('mail.title')}>
        <p className="subtle">{t('mail.intro')}</p>
      </PageHeader>
      <div aria-live="polite">{done && <Alert tone="success">{t('mail.made', done)}</Alert>}</div>
      {make.error && <ErrorAlert error={make.error} />}
      {rooms.isPending && <Loading />}
      {rooms.error && <ErrorAlert error={rooms.error} onRetry={() => void rooms.refetch()} />}
      {rooms.data && rooms.data.length === 0 && <p className="subtle">{t('mail.empty')}</p>}
      {rooms.data && rooms.data.length > 0 && (
        <div
          className="admin-table-wrap"
          role="region"
          aria-label={t('mail.caption', { count: rooms.data.length })}
          tabIndex={0}
        >
          <table className="table">
            <caption className="subtle">{t('mail.caption', { count: rooms.data.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mail.room')}</th>
                <th scope="col">{t('mail.kind')}</th>
                <th scope="col">{t('mail.address')}</th>
                <th scope="col">{t('mail.since')}</th>
                <th scope="col">{t('mail.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rooms.data.map((room) => (
                <tr key={room.roomId}>
                  <th scope="row">{room.roomName ?? '—'}</th>
                  <td>{t(`mail.kinds.${room.roomKind}`, { defaultValue: room.roomKind })}</td>
                  <td className="address">{room.address ?? <span className="subtle">{t('mail.none')}</span>}</td>
                  <td>{room.since ? formatDateTime(room.since) : '—'}</td>
                  <td>
                    {room.address ? (
                      <Rotate room={room} pending={make.isPending} onConfirm={() => act(room, true)} />
                    ) : (
                      <Button
                        variant="secondary"
                        size="small"
                        disabled={make.isPending}
                        onClick={() => act(room, false)}
                        aria-label={`${t('mail.make')}: ${room.roomName ?? ''}`}
                      >
                        {t('mail.make')}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** Replacing an address stops the old one at once, so it is asked twice, in place. */
function Rotate({ room, pending, onConfirm }: { room: RoomMailAddressView; pending: boolean; onConfirm: () => void }) {
  const { t } = useTranslation('admin');
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  const name = room.roomName ?? '';
  if (!asking) {
    return (
      <Button
        variant="secondary"
        size="small"
        onClick={() => setAsking(true)}
        aria-label={`${t('mail.rotate')}: ${name}`}
      >
        {t('mail.rotate')}
      </Button>
    );
  }
  return (
    <div className="stack" role="group" aria-label={`${t('mail.rotate')}: ${name}`}>
      <span>{t('mail.rotateConfirm', { room: name })}</span>
      <span className="row">
        <button
          ref={yes}
          type="button"
          className="btn btn--danger btn--small"
          disabled={pending}
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
        >
          {t('mail.rotateYes')}
        </button>
        <Button variant="tertiary" size="small" onClick={() => setAsking(false)}>
          {t('actions.back', { ns: 'common' })}
        </Button>
      </span>
    </div>
  );
}
