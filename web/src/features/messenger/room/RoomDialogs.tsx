import { useTranslation } from 'react-i18next';
import { ErrorAlert, Loading } from '../../../ui/components';
import { Dialog } from './Dialog';
import { useReceipt } from './queries';
import type { RoomMemberView } from './types';

function Person({
  member,
  meId,
}: {
  member: Pick<RoomMemberView, 'userId' | 'displayName'> & Partial<RoomMemberView>;
  meId: string;
}) {
  const { t } = useTranslation('room');
  return (
    <li className="person">
      <span className="person__name">
        {member.displayName}
        {member.userId === meId && <span className="subtle"> ({t('header.you')})</span>}
      </span>
      {member.agencyName && <span className="person__detail subtle">{member.agencyName}</span>}
      {member.role === 'owner' && <span className="badge badge--muted">{t('header.owner')}</span>}
    </li>
  );
}

export function MembersDialog({
  members,
  meId,
  onClose,
}: {
  members: RoomMemberView[];
  meId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('room');
  const sorted = [...members].sort(
    (a, b) => Number(b.userId === meId) - Number(a.userId === meId) || a.displayName.localeCompare(b.displayName, 'ko'),
  );
  return (
    <Dialog title={t('header.membersTitle', { count: members.length })} onClose={onClose}>
      <ul className="people">
        {sorted.map((m) => (
          <Person key={m.userId} member={m} meId={meId} />
        ))}
      </ul>
    </Dialog>
  );
}

/** "Read by N of M" with who: the server's receipt, read again whenever a read marker moves. */
export function ReadersDialog({
  messageId,
  senderId,
  members,
  meId,
  onClose,
}: {
  messageId: string;
  senderId: string | null;
  members: RoomMemberView[];
  meId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('room');
  const receipt = useReceipt(messageId, true);
  const byId = new Map(members.map((m) => [m.userId, m]));
  const readers = new Set(receipt.data?.readers.map((r) => r.userId));
  const unread = receipt.data ? members.filter((m) => !readers.has(m.userId) && m.userId !== senderId) : [];
  return (
    <Dialog title={t('readers.title')} onClose={onClose}>
      {receipt.isPending && <Loading />}
      {receipt.isError && <ErrorAlert error={receipt.error} onRetry={() => void receipt.refetch()} />}
      {receipt.data && (
        <>
          <p className="readers__summary" role="status">
            {t('actions.readByLong', { count: receipt.data.readCount, total: receipt.data.memberCount })}
          </p>
          <h3>{t('readers.read', { count: receipt.data.readers.length })}</h3>
          {receipt.data.readers.length === 0 ? (
            <p className="subtle">{t('readers.none')}</p>
          ) : (
            <ul className="people">
              {receipt.data.readers.map((r) => (
                <Person
                  key={r.userId}
                  member={{ ...byId.get(r.userId), userId: r.userId, displayName: r.displayName }}
                  meId={meId}
                />
              ))}
            </ul>
          )}
          <h3>{t('readers.unread', { count: unread.length })}</h3>
          {unread.length === 0 ? (
            <p className="subtle">{t('readers.none')}</p>
          ) : (
            <ul className="people">
              {unread.map((m) => (
                <Person key={m.userId} member={m} meId={meId} />
              ))}
            </ul>
          )}
        </>
      )}
    </Dialog>
  );
}
