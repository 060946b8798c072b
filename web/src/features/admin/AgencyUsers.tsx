import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../api/errors';
import { hasRole, useMe } from '../../app/session-context';
import { Alert, Button, ErrorAlert, Loading, TextField } from '../../ui/components';
import { useAgencyUsers, useCreateUser, useSetDisabled, useSetRoles, type AdminUserView, type UserRole } from './api';

/** Roles an administrator gives; member is everyone's. */
const GIVEN_ROLES: UserRole[] = ['agency_admin', 'complaint_investigator', 'system_admin'];

/** One agency's people: the table, adding someone, and the chosen person's roles and access. */
export function AgencyUsers({ agencyId }: { agencyId: string }) {
  const { t } = useTranslation('admin');
  const users = useAgencyUsers(agencyId);
  const [adding, setAdding] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const person = users.data?.users.find((u) => u.id === chosen) ?? null;

  if (users.isPending) return <Loading />;
  if (users.error) return <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />;
  const { agency, users: people } = users.data;
  const departments = [...new Set(people.flatMap((u) => (u.department ? [u.department] : [])))].sort();

  return (
    <section aria-labelledby="agency-users-heading" className="stack">
      <div className="page__header">
        <h2 id="agency-users-heading">{t('users.heading', { agency: agency.name })}</h2>
        <Button variant="secondary" aria-expanded={adding} onClick={() => setAdding((open) => !open)}>
          {t('users.add')}
        </Button>
      </div>
      {adding && <CreateUser agencyId={agencyId} departments={departments} onClose={() => setAdding(false)} />}
      {people.length === 0 ? (
        <p className="subtle">{t('users.empty')}</p>
      ) : (
        <div
          className="admin-table-wrap"
          role="region"
          aria-label={t('users.caption', { agency: agency.name, count: people.length })}
          tabIndex={0}
        >
          <table className="table">
            <caption className="subtle">{t('users.caption', { agency: agency.name, count: people.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.department')}</th>
                <th scope="col">{t('users.position')}</th>
                <th scope="col">{t('users.roles')}</th>
                <th scope="col">{t('users.state')}</th>
                <th scope="col">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {people.map((user) => (
                <tr key={user.id}>
                  <th scope="row">
                    {user.displayName}
                    <div className="subtle">{user.login}</div>
                  </th>
                  <td>{user.department ?? '—'}</td>
                  <td>{user.position ?? '—'}</td>
                  <td>
                    <RoleBadges user={user} />
                  </td>
                  <td>
                    {user.disabledAt ? (
                      <span className="badge badge--danger">{t('users.disabled')}</span>
                    ) : (
                      t('users.active')
                    )}
                  </td>
                  <td>
                    <Button
                      variant="tertiary"
                      size="small"
                      aria-expanded={chosen === user.id}
                      onClick={() => setChosen(chosen === user.id ? null : user.id)}
                    >
                      {t('users.manage', { name: user.displayName })}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {person && <ManageUser key={person.id} agencyId={agencyId} user={person} onClose={() => setChosen(null)} />}
    </section>
  );
}

function RoleBadges({ user }: { user: AdminUserView }) {
  const { t } = useTranslation('admin');
  const roles = user.roles.filter((r) => r !== 'member');
  if (user.kind !== 'staff') return <span className="badge badge--muted">{t('users.guest')}</span>;
  return (
    <span className="role-badges">
      {roles.length === 0
        ? t('roles.member')
        : roles.map((r) => (
            <span key={r} className="badge badge--muted">
              {t(`roles.${r}`)}
            </span>
          ))}
    </span>
  );
}

function RoleChecks({
  value,
  onChange,
  legend,
  hint,
}: {
  value: UserRole[];
  onChange: (roles: UserRole[]) => void;
  legend: string;
  hint?: string;
}) {
  const { t } = useTranslation('admin');
  const { data: me } = useMe();
  const system = hasRole(me, 'system_admin');
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      {hint && <p className="field__hint">{hint}</p>}
      {GIVEN_ROLES.map((role) => (
        <label key={role}>
          <input
            type="checkbox"
            checked={value.includes(role)}
            disabled={role === 'system_admin' && !system}
            onChange={(event) => onChange(event.target.checked ? [...value, role] : value.filter((r) => r !== role))}
          />
          {t(`roles.${role}`)}
        </label>
      ))}
      {!system && <p className="field__hint">{t('manage.systemOnly')}</p>}
    </fieldset>
  );
}

/** The API's field problems (VALIDATION_FAILED) by field, to show under each control. */
function fieldProblems(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const fields = (error.body.details?.['fields'] ?? []) as Array<{ field: string; problems: string[] }>;
  return Object.fromEntries(fields.map((f) => [f.field, f.problems.join(' ')]));
}

function CreateUser({
  agencyId,
  departments,
  onClose,
}: {
  agencyId: string;
  departments: string[];
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('admin');
  const create = useCreateUser(agencyId);
  const [form, setForm] = useState({ login: '', displayName: '', email: '', position: '', department: '' });
  const [roles, setRoles] = useState<UserRole[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  const done = useRef<HTMLDivElement>(null);
  const problems = fieldProblems(create.error);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm({ ...form, [key]: event.target.value });

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (create.data) done.current?.focus();
  }, [create.data]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ ...form, roles });
  };

  if (create.data) {
    const { user, initialPassword } = create.data;
    return (
      <div ref={done} tabIndex={-1}>
        <Alert tone="success" live>
          <p>{t('create.done', { name: user.displayName, login: user.login })}</p>
          <p>
            {t('create.password')}: <span className="secret">{initialPassword}</span>
          </p>
          <p>{t('create.passwordNote')}</p>
          <Button variant="secondary" size="small" onClick={onClose}>
            {t('manage.close')}
          </Button>
        </Alert>
      </div>
    );
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="create-user-heading">
      <h3 id="create-user-heading" ref={heading} tabIndex={-1}>
        {t('create.heading')}
      </h3>
      {create.error && !(create.error instanceof ApiError && create.error.code === 'VALIDATION_FAILED') && (
        <ErrorAlert error={create.error} />
      )}
      <div className="form-grid">
        <TextField
          label={t('create.login')}
          hint={t('create.loginHint')}
          value={form.login}
          onChange={set('login')}
          error={problems['login']}
          autoComplete="off"
          required
        />
        <TextField
          label={t('create.displayName')}
          value={form.displayName}
          onChange={set('displayName')}
          error={problems['displayName']}
          required
        />
        <TextField
          label={t('create.email')}
          type="email"
          value={form.email}
          onChange={set('email')}
          error={problems['email']}
        />
        <TextField
          label={t('create.position')}
          value={form.position}
          onChange={set('position')}
          error={problems['position']}
        />
        <TextField
          label={t('create.department')}
          hint={t('create.departmentHint')}
          value={form.department}
          onChange={set('department')}
          error={problems['department']}
          list={`departments-${agencyId}`}
        />
        <datalist id={`departments-${agencyId}`}>
          {departments.map((d) => (
            <option key={d} value={d} />
          ))}
        </datalist>
      </div>
      <RoleChecks value={roles} onChange={setRoles} legend={t('create.roles')} hint={t('create.rolesHint')} />
      {problems['roles'] && <p className="field__error">{problems['roles']}</p>}
      {create.error instanceof ApiError && create.error.code === 'VALIDATION_FAILED' && (
        <p className="field__error">{errorText(create.error, i18n.language)}</p>
      )}
      <div className="row">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? t('create.submitting') : t('create.submit')}
        </Button>
        <Button variant="tertiary" onClick={onClose}>
          {t('actions.cancel', { ns: 'common' })}
        </Button>
      </div>
    </form>
  );
}

function ManageUser({ agencyId, user, onClose }: { agencyId: string; user: AdminUserView; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const setRoles = useSetRoles(agencyId);
  const setDisabled = useSetDisabled(agencyId);
  const [roles, setLocalRoles] = useState<UserRole[]>(user.roles.filter((r) => r !== 'member'));
  const [confirming, setConfirming] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (confirming) yes.current?.focus();
  }, [confirming]);
  const staff = user.kind === 'staff';

  return (
    <section className="card" aria-labelledby="manage-user-heading">
      <h3 id="manage-user-heading" ref={heading} tabIndex={-1}>
        {t('manage.heading', { name: user.displayName, login: user.login })}
      </h3>
      {staff && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setRoles.mutate({ userId: user.id, roles });
          }}
        >
          <RoleChecks value={roles} onChange={setLocalRoles} legend={t('manage.roles')} hint={t('manage.takenNote')} />
          {setRoles.error && <ErrorAlert error={setRoles.error} />}
          {setRoles.isSuccess && !setRoles.isPending && (
            <Alert tone="success" live>
              {t('manage.saved')}
            </Alert>
          )}
          <Button type="submit" disabled={setRoles.isPending}>
            {t('manage.saveRoles')}
          </Button>
        </form>
      )}
      <hr />
      {setDisabled.error && <ErrorAlert error={setDisabled.error} />}
      {setDisabled.isSuccess && !setDisabled.isPending && (
        <Alert tone="success" live>
          {user.disabledAt
            ? t('manage.disabled', { name: user.displayName })
            : t('manage.enabled', { name: user.displayName })}
        </Alert>
      )}
      {user.disabledAt ? (
        <Button
          variant="secondary"
          disabled={setDisabled.isPending}
          onClick={() => setDisabled.mutate({ userId: user.id, disabled: false })}
        >
          {t('manage.enable')}
        </Button>
      ) : (
        <div className="stack">
          <p className="field__hint">{t('manage.disableNote')}</p>
          {confirming ? (
            <div className="row" role="group" aria-label={t('manage.disableConfirm', { name: user.displayName })}>
              <span>{t('manage.disableConfirm', { name: user.displayName })}</span>
              <button
                ref={yes}
                type="button"
                className="btn btn--danger"
                disabled={setDisabled.isPending}
                onClick={() =>
                  setDisabled.mutate({ userId: user.id, disabled: true }, { onSettled: () => setConfirming(false) })
                }
              >
                {t('manage.disableYes')}
              </button>
              <Button variant="tertiary" onClick={() => setConfirming(false)}>
                {t('actions.back', { ns: 'common' })}
              </Button>
            </div>
          ) : (
            <div>
              <Button variant="danger" onClick={() => setConfirming(true)}>
                {t('manage.disable')}
              </Button>
            </div>
          )}
        </div>
      )}
      <div className="row" style={{ marginTop: 'var(--space-4)' }}>
        <Button variant="tertiary" onClick={onClose}>
          {t('manage.close')}
        </Button>
      </div>
    </section>
  );
}
