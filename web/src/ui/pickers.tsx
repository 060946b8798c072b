import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepartmentSummary, DirectoryPage, DirectoryPerson } from '@server/identity/directory-search.service';
import { api } from '../api/http';
import type { AgencyNode } from '../api/types';
import { registerTexts } from '../i18n';
import { ErrorAlert } from './components';
import './pickers.css';

/**
 * Choosing people, agencies and departments from the directory, across the government. Each
 * picker is a search box, a list of matches as buttons ("add"), and the chosen ones as a list with
 * a "remove" button each: plain buttons and lists, so it works by keyboard and screen reader
 * without a custom combobox.
 */
registerTexts('pickers', {
  ko: {
    searchPeople: '이름 또는 아이디로 검색',
    searchAgencies: '기관 이름으로 검색',
    results: '검색 결과',
    resultCount: '검색 결과 {{count}}건',
    noResults: '검색 결과가 없습니다.',
    typeToSearch: '두 글자 이상 입력하면 찾아 드립니다.',
    add: '추가',
    added: '추가됨',
    remove: '빼기',
    removeNamed: '{{name}} 빼기',
    chosen: '선택한 항목',
    noneChosen: '아직 선택하지 않았습니다.',
    more: '검색 결과가 더 있습니다. 더 정확히 입력해 보세요.',
    agencyForDepartments: '부서를 찾을 기관',
    chooseAgency: '기관을 고르세요',
    departmentsOf: '{{agency}}의 부서',
    members: '{{count}}명',
    noDepartments: '이 기관에는 부서가 없습니다.',
  },
  en: {
    searchPeople: 'Search by name or user ID',
    searchAgencies: 'Search by agency name',
    results: 'Search results',
    resultCount: '{{count}} results',
    noResults: 'Nothing found.',
    typeToSearch: 'Type two letters or more to search.',
    add: 'Add',
    added: 'Added',
    remove: 'Remove',
    removeNamed: 'Remove {{name}}',
    chosen: 'Chosen',
    noneChosen: 'Nothing chosen yet.',
    more: 'There are more matches. Type more of the name.',
    agencyForDepartments: 'Agency to find departments in',
    chooseAgency: 'Choose an agency',
    departmentsOf: 'Departments of {{agency}}',
    members: '{{count}} people',
    noDepartments: 'This agency has no departments.',
  },
});

export type { DirectoryPerson };

/** A person chosen in a picker: what a list shows of them. */
export interface PickedPerson {
  id: string;
  displayName: string;
  detail?: string | null;
}

export interface PickedAgency {
  id: string;
  name: string;
}

export interface PickedDepartment {
  id: string;
  name: string;
  agencyName: string;
}

function useDebounced<T>(value: T, ms = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function personDetail(person: DirectoryPerson): string {
  return [person.position, person.agency?.name, person.department?.name].filter(Boolean).join(' · ');
}

/** The government's org tree, flattened in tree order with each agency's path. */
export function useAgencies() {
  return useQuery({
    queryKey: ['agencies'],
    queryFn: () => api<AgencyNode[]>('/agencies'),
    staleTime: 10 * 60_000,
    select: flatten,
  });
}

export interface FlatAgency {
  id: string;
  name: string;
  depth: number;
  path: string;
}

function flatten(tree: AgencyNode[]): FlatAgency[] {
  const out: FlatAgency[] = [];
  const walk = (nodes: AgencyNode[], depth: number, parents: string[]) => {
    for (const node of nodes) {
      out.push({ id: node.id, name: node.name, depth, path: [...parents, node.name].join(' › ') });
      walk(node.children, depth + 1, [...parents, node.name]);
    }
  };
  walk(tree, 0, []);
  return out;
}

function Chosen<T extends { id: string }>({
  items,
  label,
  render,
  name,
  onRemove,
}: {
  items: T[];
  label: string;
  render: (item: T) => ReactNode;
  name: (item: T) => string;
  onRemove: (item: T) => void;
}) {
  const { t } = useTranslation('pickers');
  if (items.length === 0) return <p className="picker__none subtle">{t('noneChosen')}</p>;
  return (
    <ul className="picker__chosen" aria-label={label}>
      {items.map((item) => (
        <li key={item.id} className="picker__chip">
          <span>{render(item)}</span>
          <button
            type="button"
            className="btn btn--tertiary btn--small"
            aria-label={t('removeNamed', { name: name(item) })}
            onClick={() => onRemove(item)}
          >
            {t('remove')}
          </button>
        </li>
      ))}
    </ul>
  );
}

function Matches<T extends { id: string }>({
  items,
  chosen,
  render,
  onAdd,
  more,
}: {
  items: T[];
  chosen: Set<string>;
  render: (item: T) => ReactNode;
  onAdd: (item: T) => void;
  more?: boolean;
}) {
  const { t } = useTranslation('pickers');
  return (
    <>
      <ul className="picker__results" aria-label={t('results')}>
        {items.map((item) => {
          const already = chosen.has(item.id);
          return (
            <li key={item.id}>
              <button type="button" className="picker__option" disabled={already} onClick={() => onAdd(item)}>
                <span className="picker__option-text">{render(item)}</span>{' '}
                <span className="picker__option-action">
                  {!already && <span aria-hidden="true">+ </span>}
                  {already ? t('added') : t('add')}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {more && <p className="subtle picker__note">{t('more')}</p>}
    </>
  );
}

interface PersonPickerProps {
  label: string;
  hint?: string;
  value: PickedPerson[];
  onChange: (next: PickedPerson[]) => void;
  error?: string | null;
}

/** People from the directory (GET /directory/users), any agency. */
export function PersonPicker({ label, hint, value, onChange, error }: PersonPickerProps) {
  const { t } = useTranslation('pickers');
  const id = useId();
  const [text, setText] = useState('');
  const term = useDebounced(text.trim());
  const search = useQuery({
    queryKey: ['directory', 'users', term],
    queryFn: ({ signal }) => api<DirectoryPage>('/directory/users', { query: { q: term, limit: 10 }, signal }),
    enabled: term.length >= 2,
    staleTime: 60_000,
  });
  const chosen = useMemo(() => new Set(value.map((p) => p.id)), [value]);
  const items = term.length >= 2 ? (search.data?.items ?? []) : [];
  return (
    <fieldset className="picker">
      <legend className="field__label">{label}</legend>
      {hint && <p className="field__hint">{hint}</p>}
      <Chosen
        items={value}
        label={t('chosen')}
        name={(p) => p.displayName}
        render={(p) => (
          <>
            <strong>{p.displayName}</strong>
            {p.detail && <span className="subtle"> · {p.detail}</span>}
          </>
        )}
        onRemove={(p) => onChange(value.filter((v) => v.id !== p.id))}
      />
      <label className="visually-hidden" htmlFor={`${id}-q`}>
        {`${label}: ${t('searchPeople')}`}
      </label>
      <input
        id={`${id}-q`}
        className="input"
        type="search"
        autoComplete="off"
        placeholder={t('searchPeople')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={`${id}-status`}
        aria-invalid={error ? true : undefined}
      />
      <p id={`${id}-status`} className="subtle picker__note" role="status">
        {term.length < 2
          ? t('typeToSearch')
          : search.isFetching && !search.data
            ? t('results') + '…'
            : items.length === 0 && search.isSuccess
              ? t('noResults')
              : search.isSuccess
                ? t('resultCount', { count: items.length })
                : ''}
      </p>
      {search.isError && <ErrorAlert error={search.error} onRetry={() => void search.refetch()} />}
      {items.length > 0 && (
        <Matches
          items={items}
          chosen={chosen}
          more={Boolean(search.data?.nextCursor)}
          render={(p) => (
            <>
              <strong>{p.displayName}</strong> <span className="subtle">{personDetail(p) || p.login}</span>
            </>
          )}
          onAdd={(p) => onChange([...value, { id: p.id, displayName: p.displayName, detail: personDetail(p) }])}
        />
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** Agencies from the org tree (GET /agencies), filtered as one types. */
export function AgencyPicker({
  label,
  hint,
  value,
  onChange,
  exclude = [],
}: {
  label: string;
  hint?: string;
  value: PickedAgency[];
  onChange: (next: PickedAgency[]) => void;
  exclude?: string[];
}) {
  const { t } = useTranslation('pickers');
  const id = useId();
  const agencies = useAgencies();
  const [text, setText] = useState('');
  const chosen = useMemo(() => new Set(value.map((a) => a.id)), [value]);
  const term = text.trim().normalize('NFKC').toLowerCase();
  const matches = (agencies.data ?? []).filter(
    (a) => !exclude.includes(a.id) && (!term || a.path.toLowerCase().includes(term)),
  );
  const shown = matches.slice(0, 12);
  return (
    <fieldset className="picker">
      <legend className="field__label">{label}</legend>
      {hint && <p className="field__hint">{hint}</p>}
      <Chosen
        items={value}
        label={t('chosen')}
        name={(a) => a.name}
        render={(a) => <strong>{a.name}</strong>}
        onRemove={(a) => onChange(value.filter((v) => v.id !== a.id))}
      />
      <label className="visually-hidden" htmlFor={`${id}-q`}>
        {`${label}: ${t('searchAgencies')}`}
      </label>
      <input
        id={`${id}-q`}
        className="input"
        type="search"
        autoComplete="off"
        placeholder={t('searchAgencies')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={`${id}-status`}
      />
      <p id={`${id}-status`} className="subtle picker__note" role="status">
        {agencies.isSuccess
          ? matches.length === 0
            ? t('noResults')
            : t('resultCount', { count: matches.length })
          : ''}
      </p>
      {agencies.isError && <ErrorAlert error={agencies.error} onRetry={() => void agencies.refetch()} />}
      {shown.length > 0 && (
        <Matches
          items={shown}
          chosen={chosen}
          more={matches.length > shown.length}
          render={(a) => (
            <>
              <strong>{a.name}</strong>
              {a.depth > 0 && <span className="subtle"> {a.path}</span>}
            </>
          )}
          onAdd={(a) => onChange([...value, { id: a.id, name: a.name }])}
        />
      )}
    </fieldset>
  );
}

/** Departments: choose an agency, then add its departments (GET /directory/agencies/:id/departments). */
export function DepartmentPicker({
  label,
  hint,
  value,
  onChange,
}: {
  label: string;
  hint?: string;
  value: PickedDepartment[];
  onChange: (next: PickedDepartment[]) => void;
}) {
  const { t } = useTranslation('pickers');
  const id = useId();
  const agencies = useAgencies();
  const [agencyId, setAgencyId] = useState('');
  const agency = agencies.data?.find((a) => a.id === agencyId);
  const departments = useQuery({
    queryKey: ['directory', 'departments', agencyId],
    queryFn: () => api<DepartmentSummary[]>(`/directory/agencies/${agencyId}/departments`),
    enabled: Boolean(agencyId),
    staleTime: 5 * 60_000,
  });
  const chosen = useMemo(() => new Set(value.map((d) => d.id)), [value]);
  return (
    <fieldset className="picker">
      <legend className="field__label">{label}</legend>
      {hint && <p className="field__hint">{hint}</p>}
      <Chosen
        items={value}
        label={t('chosen')}
        name={(d) => `${d.agencyName} ${d.name}`}
        render={(d) => (
          <>
            <strong>{d.name}</strong> <span className="subtle">{d.agencyName}</span>
          </>
        )}
        onRemove={(d) => onChange(value.filter((v) => v.id !== d.id))}
      />
      <label className="field__hint" htmlFor={`${id}-agency`}>
        {t('agencyForDepartments')}
      </label>
      <select id={`${id}-agency`} className="select" value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
        <option value="">{t('chooseAgency')}</option>
        {(agencies.data ?? []).map((a) => (
          <option key={a.id} value={a.id}>
            {`${'\u00a0\u00a0'.repeat(a.depth)}${a.name}`}
          </option>
        ))}
      </select>
      {departments.isError && <ErrorAlert error={departments.error} onRetry={() => void departments.refetch()} />}
      {agency && departments.data && departments.data.length === 0 && (
        <p className="subtle picker__note">{t('noDepartments')}</p>
      )}
      {agency && departments.data && departments.data.length > 0 && (
        <Matches
          items={departments.data}
          chosen={chosen}
          render={(d) => (
            <>
              <strong>{d.name}</strong> <span className="subtle">{t('members', { count: d.memberCount })}</span>
            </>
          )}
          onAdd={(d) => onChange([...value, { id: d.id, name: d.name, agencyName: agency.name }])}
        />
      )}
    </fieldset>
  );
}
