import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api/http';
import type { MessageView } from '../../../api/types';
import { Button, ErrorAlert, Loading } from '../../../ui/components';
import { formatDateTime } from '../../../ui/format';
import { SIDEBAR } from '../sidebar/texts';
import { roomLabel, type RoomSummary } from '../sidebar/rooms';
import { excerpt, splitHits } from './highlight';
import { SEARCH } from './texts';
import './search.css';

/** The server answers at most this many hits (GET /search/messages). */
const SERVER_LIMIT = 50;

const clean = (text: string) => text.normalize('NFKC').trim();

/** The search box: Korean inside words (협업 finds 부처간협업과제) over the rooms the person is in. */
export function SearchBox({ onSearch }: { onSearch: (term: string) => void }) {
  const { t } = useTranslation(SEARCH);
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const term = clean(text);
    if ([...term].length < 2) return setError(t('tooShort'));
    setError(null);
    onSearch(term);
  };
  return (
    <form role="search" className="message-search" onSubmit={submit} noValidate>
      <label htmlFor={id} className="visually-hidden">
        {t('label')}
      </label>
      <div className="message-search__row">
        <input
          id={id}
          className="input"
          type="search"
          value={text}
          placeholder={t('placeholder')}
          maxLength={200}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => setText(event.target.value)}
        />
        <Button type="submit" variant="secondary">
          {t('submit')}
        </Button>
      </div>
      {error && (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** Hits, newest first, each a link that opens its room at the message. */
export function SearchResults({ term, rooms, onClose }: { term: string; rooms: RoomSummary[]; onClose: () => void }) {
  const { t } = useTranslation(SEARCH);
  const { t: tSidebar } = useTranslation(SIDEBAR);
  const headingId = useId();
  const hits = useQuery({
    queryKey: ['search', 'messages', term],
    queryFn: ({ signal }) => api<MessageView[]>('/search/messages', { query: { q: term }, signal }),
    staleTime: 30_000,
  });
  const roomsById = new Map(rooms.map((room) => [room.id, room]));

  return (
    <section className="search-results" aria-labelledby={headingId}>
      <div className="search-results__header">
        <h3 id={headingId}>
          {t('results', { term })}
          {hits.data && <span className="subtle"> {t('count', { count: hits.data.length })}</span>}
        </h3>
        <Button variant="tertiary" size="small" onClick={onClose}>
          {t('close')}
        </Button>
      </div>
      {hits.isPending && <Loading label={t('searching')} />}
      {hits.isError && <ErrorAlert error={hits.error} onRetry={() => void hits.refetch()} />}
      {hits.data && hits.data.length === 0 && (
        <p className="subtle" role="status">
          {t('none', { term })}
        </p>
      )}
      {hits.data && hits.data.length > 0 && (
        <>
          <p className="visually-hidden" role="status">
            {t('results', { term })} {t('count', { count: hits.data.length })}
          </p>
          <ol className="search-results__list">
            {hits.data.map((message) => {
              const room = roomsById.get(message.roomId);
              const text =
                message.body ||
                (message.attachments.length > 0 ? t('files', { count: message.attachments.length }) : '');
              return (
                <li key={message.id}>
                  <Link className="search-hit" to={`/rooms/${message.roomId}?message=${message.id}`}>
                    <span className="search-hit__meta">
                      <strong>{room ? roomLabel(room, tSidebar).name : t('unknownRoom')}</strong>
                      <span>{message.senderName ?? t('unknownSender')}</span>
                      <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
                    </span>
                    <span className="search-hit__text">
                      {splitHits(excerpt(text, term), term).map((piece, index) =>
                        piece.hit ? <mark key={index}>{piece.text}</mark> : <span key={index}>{piece.text}</span>,
                      )}
                    </span>
                  </Link>
                </li>
              );
            })}
          </ol>
          {hits.data.length >= SERVER_LIMIT && <p className="subtle">{t('limited', { count: SERVER_LIMIT })}</p>}
        </>
      )}
    </section>
  );
}
