import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/errors';
import { api } from '../../api/http';
import { Attachments, useUploads } from '../../ui/attachments';
import { newClientKey } from '../../ui/client-key';
import { Button, ErrorAlert, PageHeader, TextArea, TextField } from '../../ui/components';
import { currentTimeZone } from '../../ui/format';
import {
  AgencyPicker,
  DepartmentPicker,
  PersonPicker,
  type PickedAgency,
  type PickedDepartment,
  type PickedPerson,
} from '../../ui/pickers';
import { fromZonedInput } from '../../ui/zoned-time';
import { memoKeys, storeMemo, type MemoView } from './api';

interface Problems {
  title?: string;
  body?: string;
  to?: string;
  deadline?: string;
}

/** A new memo report: to agencies, departments or people anywhere, with a deadline, an opinion request and files. */
export function MemoComposePage() {
  const { t } = useTranslation('memos');
  const navigate = useNavigate();
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [agencies, setAgencies] = useState<PickedAgency[]>([]);
  const [departments, setDepartments] = useState<PickedDepartment[]>([]);
  const [people, setPeople] = useState<PickedPerson[]>([]);
  const [deadline, setDeadline] = useState('');
  const [opinionRequested, setOpinionRequested] = useState(true);
  const uploads = useUploads();
  const [key] = useState(newClientKey);
  const [problems, setProblems] = useState<Problems>({});
  const fix = (field: keyof Problems) => problems[field] && setProblems({ ...problems, [field]: undefined });

  const send = useMutation({
    mutationFn: (payload: Record<string, unknown>) => api<MemoView>('/memos', { method: 'POST', body: payload }),
    onSuccess: (memo) => {
      storeMemo(client, memo);
      void client.invalidateQueries({ queryKey: memoKeys.list('sent') });
      void navigate(`/memos/${memo.id}`, { state: { sent: true } });
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const deadlineAt = fromZonedInput(deadline);
    const found: Problems = {
      title: title.trim() ? undefined : t('compose.titleRequired'),
      body: body.trim() ? undefined : t('compose.bodyRequired'),
      to: agencies.length + departments.length + people.length > 0 ? undefined : t('compose.toRequired'),
      deadline:
        deadline && !deadlineAt
          ? t('compose.deadlineInvalid')
          : deadlineAt && new Date(deadlineAt) <= new Date()
            ? t('compose.deadlinePast')
            : undefined,
    };
    setProblems(found);
    const first = (['title', 'body', 'to', 'deadline'] as const).find((k) => found[k]);
    if (first) {
      event.currentTarget
        .querySelector<HTMLElement>(
          `[data-field="${first}"] input, [data-field="${first}"] textarea, [name="${first}"]`,
        )
        ?.focus();
      return;
    }
    send.mutate({
      title: title.trim(),
      body: body.trim(),
      agencyIds: agencies.map((a) => a.id),
      departmentIds: departments.map((d) => d.id),
      userIds: people.map((p) => p.id),
      ...(deadlineAt ? { deadlineAt } : {}),
      opinionRequested,
      fileIds: uploads.fileIds,
      idempotencyKey: key,
    });
  };

  const fieldErrors =
    send.error instanceof ApiError
      ? (send.error.body.details?.fields as Array<{ field: string; problems: string[] }> | undefined)
      : undefined;
  return (
    <div className="page page--memo-form">
      <PageHeader title={t('compose.title')}>
        <p className="subtle">{t('compose.intro')}</p>
      </PageHeader>
      <form onSubmit={submit} noValidate>
        <TextField
          label={t('fields.title')}
          name="title"
          value={title}
          onChange={(e) => {
            setTitle(e.target.value);
            fix('title');
          }}
          maxLength={300}
          required
          error={problems.title}
          autoComplete="off"
        />
        <TextArea
          label={t('fields.body')}
          name="body"
          value={body}
          onChange={(e) => {
            setBody(e.target.value);
            fix('body');
          }}
          maxLength={20_000}
          rows={8}
          required
          error={problems.body}
        />
        <fieldset className="memo-to" data-field="to" aria-describedby={problems.to ? 'memo-to-error' : undefined}>
          <legend>{t('fields.to')}</legend>
          <p className="field__hint">{t('compose.toHint')}</p>
          {problems.to && (
            <p id="memo-to-error" className="field__error" role="alert">
              {problems.to}
            </p>
          )}
          <AgencyPicker
            label={t('compose.agencies')}
            hint={t('compose.agenciesHint')}
            value={agencies}
            onChange={(next) => {
              setAgencies(next);
              fix('to');
            }}
          />
          <DepartmentPicker
            label={t('compose.departments')}
            value={departments}
            onChange={(next) => {
              setDepartments(next);
              fix('to');
            }}
          />
          <PersonPicker
            label={t('compose.people')}
            value={people}
            onChange={(next) => {
              setPeople(next);
              fix('to');
            }}
          />
        </fieldset>
        <div className="memo-form__row">
          <TextField
            label={t('fields.deadline')}
            name="deadline"
            type="datetime-local"
            hint={t('compose.deadlineHint', { zone: currentTimeZone() })}
            value={deadline}
            onChange={(e) => {
              setDeadline(e.target.value);
              fix('deadline');
            }}
            error={problems.deadline}
          />
          <div className="field memo-check">
            <label className="memo-check__label">
              <input
                type="checkbox"
                checked={opinionRequested}
                onChange={(e) => setOpinionRequested(e.target.checked)}
              />
              <span>{t('fields.opinionRequested')}</span>
            </label>
            <span className="field__hint">{t('compose.opinionHint')}</span>
          </div>
        </div>
        <div className="field">
          <span className="field__label" id="memo-files-label">
            {t('fields.files')}
          </span>
          <Attachments uploads={uploads} />
        </div>
        {send.isError && <ErrorAlert error={send.error} />}
        {fieldErrors && (
          <ul className="field__error">
            {fieldErrors.map((f) => (
              <li key={f.field}>{f.problems.join(', ')}</li>
            ))}
          </ul>
        )}
        <div className="row">
          <Button type="submit" disabled={send.isPending || uploads.busy}>
            {send.isPending ? t('compose.sending') : uploads.busy ? t('compose.waitUploads') : t('compose.send')}
          </Button>
          <Link className="btn btn--secondary" to="/memos">
            {t('compose.cancel')}
          </Link>
        </div>
      </form>
    </div>
  );
}
