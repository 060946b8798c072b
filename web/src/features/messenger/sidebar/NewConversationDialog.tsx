import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../api/http';
import type { MeResponse, RoomView } from '../../../api/types';
import { Button, ErrorAlert, Loading, TextField } from '../../../ui/components';
import {
  flattenAgencies,
  useAgencies,
  useDebounced,
  useDepartments,
  usePeople,
  type AgencyNode,
  type DirectoryPerson,
  type PeopleFilter,
} from './directory';
import { roomsQueryKey } from './rooms';
import { SIDEBAR } from './texts';

interface Props {
  open: boolean;
  me: MeResponse;
  onClose: () => void;
}

/**
 * "새 대화": find people by name, or browse the org tree by agency and department; one person
 * chosen opens the direct room with them, several people or whole agencies make a room.
 * A native modal <dialog>: the browser traps focus, Escape closes it, focus returns to the opener.
 */
export function NewConversationDialog({ open, me, onClose }: Props) {
  const { t } = useTranslation(SIDEBAR);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // showModal focuses the first control (the close button); the search is where one starts.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} className="conversation-dialog" aria-labelledby={titleId} onClose={onClose}>
      {open && (
        <>
          <header className="conversation-dialog__header">
            <h2 id={titleId}>{t('dialog.title')}</h2>
            <Button variant="tertiary" size="small" onClick={onClose}>
              {t('dialog.close')}
            </Button>
          </header>
          <Picker me={me} onDone={onClose} />
        </>
      )}
    </dialog>
  );
}

interface Chosen {
  people: Map<string, DirectoryPerson>;
  agencies: Map<string, { id: string; name: string }>;
}

interface Choice {
  chosen: Chosen;
  togglePerson: (person: DirectoryPerson) => void;
  toggleAgency: (agency: { id: string; name: string }) => void;
  meId: string;
}

function Picker({ me, onDone }: { me: MeResponse; onDone: () => void }) {
  const { t } = useTranslation(SIDEBAR);
  const [chosen, setChosen] = useState<Chosen>({ people: new Map(), agencies: new Map() });
  const [query, setQuery] = useState('');
  const term = useDebounced(query.normalize('NFKC').trim());

  const togglePerson = (person: DirectoryPerson) =>
    setChosen((current) => {
      const people = new Map(current.people);
      if (people.has(person.id)) people.delete(person.id);
      else people.set(person.id, person);
      return { ...current, people };
    });
  const toggleAgency = (agency: { id: string; name: string }) =>
    setChosen((current) => {
      const agencies = new Map(current.agencies);
      if (agencies.has(agency.id)) agencies.delete(agency.id);
      else agencies.set(agency.id, agency);
      return { ...current, agencies };
    });
  const choice: Choice = { chosen, togglePerson, toggleAgency, meId: me.id };

  return (
    <div className="conversation-dialog__body">
      <p className="subtle">{t('dialog.intro')}</p>
      <div role="search">
        <TextField
          label={t('dialog.search')}
          hint={t('dialog.searchHint')}
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          data-autofocus
          autoComplete="off"
        />
      </div>
      {term && (
        <section aria-label={t('dialog.peopleResults')}>
          <PeopleList filter={{ q: term }} choice={choice} />
        </section>
      )}
      <details className="directory-browse">
        <summary>{t('dialog.browse')}</summary>
        <AgencyBrowser choice={choice} />
      </details>
      <ChosenFooter me={me} choice={choice} onDone={onDone} />
    </div>
  );
}

function PeopleList({ filter, choice }: { filter: PeopleFilter; choice: Choice }) {
  const { t } = useTranslation(SIDEBAR);
  const people = usePeople(filter);
  if (people.isPending) return <Loading label={t('dialog.searching')} />;
  if (people.isError) return <ErrorAlert error={people.error} onRetry={() => void people.refetch()} />;
  const found = people.data.pages.flatMap((page) => page.items).filter((person) => person.id !== choice.meId);
  return (
    <>
      {found.length === 0 ? (
        <p className="subtle" role="status">
          {t('dialog.noPeople')}
        </p>
      ) : (
        <ul className="people-list">
          {found.map((person) => (
            <li key={person.id}>
              <PersonOption person={person} choice={choice} />
            </li>
          ))}
        </ul>
      )}
      {people.hasNextPage && (
        <Button
          variant="secondary"
          size="small"
          onClick={() => void people.fetchNextPage()}
          disabled={people.isFetchingNextPage}
        >
          {t('dialog.more')}
        </Button>
      )}
    </>
  );
}

function PersonOption({ person, choice }: { person: DirectoryPerson; choice: Choice }) {
  const where = [person.agency?.name, person.department?.name].filter(Boolean).join(' · ');
  return (
    <label className="person-option">
      <input
        type="checkbox"
        checked={choice.chosen.people.has(person.id)}
        onChange={() => choice.togglePerson(person)}
      />
      <span className="person-option__text">
        <span className="person-option__name">
          {person.displayName}
          {person.position && <span className="subtle"> {person.position}</span>}
        </span>
        <span className="person-option__where subtle">{where}</span>
      </span>
    </label>
  );
}

function AgencyBrowser({ choice }: { choice: Choice }) {
  const { t } = useTranslation(SIDEBAR);
  const agencies = useAgencies();
  const [filter, setFilter] = useState('');
  if (agencies.isPending) return <Loading />;
  if (agencies.isError) return <ErrorAlert error={agencies.error} onRetry={() => void agencies.refetch()} />;
  const needle = filter.normalize('NFKC').trim().toLowerCase();
  const matches = needle
    ? flattenAgencies(agencies.data).filter(({ agency }) => agency.name.toLowerCase().includes(needle))
    : null;
  return (
    <div className="directory-browse__body">
      <TextField
        label={t('dialog.agencyFilter')}
        type="search"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        autoComplete="off"
      />
      {matches && matches.length === 0 && <p className="subtle">{t('dialog.noAgencies')}</p>}
      <ul className="agency-tree">
        {matches
          ? matches.map(({ agency, path }) => (
              <AgencyBranch key={agency.id} agency={agency} path={path} choice={choice} nested={false} />
            ))
          : agencies.data.map((agency) => (
              <AgencyBranch key={agency.id} agency={agency} path={[]} choice={choice} nested />
            ))}
      </ul>
    </div>
  );
}

/** One agency as a disclosure: opened, it offers the whole agency, its departments, everyone in it and (in the tree) its child agencies. */
function AgencyBranch({
  agency,
  path,
  choice,
  nested,
}: {
  agency: AgencyNode;
  path: string[];
  choice: Choice;
  nested: boolean;
}) {
  const { t } = useTranslation(SIDEBAR);
  const [open, setOpen] = useState(false);
  return (
    <li>
      <details onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          {agency.name}
          {path.length > 0 && <span className="subtle"> · {path.join(' › ')}</span>}
        </summary>
        {open && (
          <div className="agency-tree__contents">
            <label className="person-option">
              <input
                type="checkbox"
                checked={choice.chosen.agencies.has(agency.id)}
                onChange={() => choice.toggleAgency({ id: agency.id, name: agency.name })}
              />
              <span>{t('dialog.wholeAgency', { name: agency.name })}</span>
            </label>
            <Departments agencyId={agency.id} choice={choice} />
            {nested && agency.children.length > 0 && (
              <ul className="agency-tree">
                {agency.children.map((child) => (
                  <AgencyBranch key={child.id} agency={child} path={[]} choice={choice} nested />
                ))}
              </ul>
            )}
          </div>
        )}
      </details>
    </li>
  );
}

function Departments({ agencyId, choice }: { agencyId: string; choice: Choice }) {
  const { t } = useTranslation(SIDEBAR);
  const departments = useDepartments(agencyId, true);
  if (departments.isPending) return <Loading />;
  if (departments.isError) return <ErrorAlert error={departments.error} onRetry={() => void departments.refetch()} />;
  return (
    <ul className="department-list">
      {departments.data.map((department) => (
        <li key={department.id}>
          <Disclosure label={department.name} detail={t('dialog.memberCount', { count: department.memberCount })}>
            <PeopleList filter={{ departmentId: department.id }} choice={choice} />
          </Disclosure>
        </li>
      ))}
      <li>
        <Disclosure label={t('dialog.allMembers')}>
          <PeopleList filter={{ agencyId }} choice={choice} />
        </Disclosure>
      </li>
    </ul>
  );
}

/** A native disclosure whose contents (and their fetches) exist only while it is open. */
function Disclosure({ label, detail, children }: { label: string; detail?: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        {label}
        {detail && <span className="subtle"> ({detail})</span>}
      </summary>
      {open && <div className="agency-tree__contents">{children}</div>}
    </details>
  );
}

function ChosenFooter({ me, choice, onDone }: { me: MeResponse; choice: Choice; onDone: () => void }) {
  const { t } = useTranslation(SIDEBAR);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const people = [...choice.chosen.people.values()];
  const agencies = [...choice.chosen.agencies.values()];
  const direct = people.length === 1 && agencies.length === 0;
  const collaboration =
    people.some((p) => p.agency?.id !== me.agency?.id) || agencies.some((a) => a.id !== me.agency?.id);

  const opened = (room: RoomView) => {
    void queryClient.invalidateQueries({ queryKey: roomsQueryKey });
    onDone();
    void navigate(`/rooms/${room.id}`);
  };
  const openDirect = useMutation({
    mutationFn: (userId: string) => api<RoomView>('/rooms/direct', { method: 'POST', body: { userId } }),
    onSuccess: opened,
  });
  const createRoom = useMutation({
    mutationFn: () =>
      api<RoomView>('/rooms', {
        method: 'POST',
        body: {
          kind: collaboration ? 'collaboration' : 'group',
          name: name.trim(),
          userIds: people.map((p) => p.id),
          agencyIds: agencies.map((a) => a.id),
        },
      }),
    onSuccess: opened,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (direct && people[0]) return openDirect.mutate(people[0].id);
    if (!name.trim()) return setNameError(t('dialog.roomNameRequired'));
    setNameError(null);
    createRoom.mutate();
  };
  const error = openDirect.error ?? createRoom.error;
  const pending = openDirect.isPending || createRoom.isPending;
  const empty = people.length === 0 && agencies.length === 0;

  return (
    <form className="conversation-dialog__footer" onSubmit={submit} noValidate>
      <h3>{t('dialog.selected')}</h3>
      {empty ? (
        <p className="subtle">{t('dialog.nothingSelected')}</p>
      ) : (
        <ul className="chosen-list">
          {people.map((person) => (
            <li key={person.id}>
              <span>
                {person.displayName}
                {person.agency && <span className="subtle"> · {person.agency.name}</span>}
              </span>
              <Button
                variant="tertiary"
                size="small"
                onClick={() => choice.togglePerson(person)}
                aria-label={t('dialog.remove', { name: person.displayName })}
              >
                ×
              </Button>
            </li>
          ))}
          {agencies.map((agency) => (
            <li key={agency.id}>
              <span>{t('dialog.wholeAgency', { name: agency.name })}</span>
              <Button
                variant="tertiary"
                size="small"
                onClick={() => choice.toggleAgency(agency)}
                aria-label={t('dialog.remove', { name: agency.name })}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
      )}
      {!empty && !direct && (
        <TextField
          label={t('dialog.roomName')}
          value={name}
          onChange={(event) => setName(event.target.value)}
          maxLength={200}
          error={nameError}
          hint={collaboration ? t('dialog.kindCollaboration') : t('dialog.kindGroup')}
        />
      )}
      {error && <ErrorAlert error={error} />}
      {!empty && (
        <Button type="submit" disabled={pending}>
          {pending
            ? t('dialog.creating')
            : direct
              ? t('dialog.startDirect')
              : collaboration
                ? t('dialog.createCollaboration')
                : t('dialog.createGroup')}
        </Button>
      )}
    </form>
  );
}
