import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { RoomSummaryRow } from '@server/messenger/room.repository';
import { api } from '../../api/http';
import { useMe } from '../../app/session-context';
import { newClientKey } from '../../ui/client-key';
import { Button, PageHeader, SelectField, TextArea, TextField } from '../../ui/components';
import { currentTimeZone } from '../../ui/format';
import { AgencyPicker, PersonPicker, type PickedAgency, type PickedPerson } from '../../ui/pickers';
import { fromZonedInput } from '../../ui/zoned-time';
import { PRIORITIES, storeTask, type TaskPriority, type TaskView } from './api';
import { TaskErrorAlert } from './TaskErrorAlert';

/** A new task: title, description, due date in the person's zone, priority, agencies, assignees, checklist, and where it is discussed. */
export function TaskNewPage() {
  const { t } = useTranslation('tasks');
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params] = useSearchParams();
  const { data: me } = useMe();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [due, setDue] = useState('');
  const [priority, setPriority] = useState<TaskPriority>('normal');
  const [assignees, setAssignees] = useState<PickedPerson[]>([]);
  const [agencies, setAgencies] = useState<PickedAgency[]>([]);
  const [checklist, setChecklist] = useState('');
  const [roomId, setRoomId] = useState(params.get('roomId') ?? '');
  const [key] = useState(newClientKey);
  const [problems, setProblems] = useState<{ title?: string; due?: string }>({});
  const rooms = useQuery({
    queryKey: ['rooms', 'for-tasks'],
    queryFn: () => api<RoomSummaryRow[]>('/rooms'),
    select: (all) => all.filter((r) => (r.kind === 'group' || r.kind === 'collaboration') && !r.archivedAt),
  });

  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<TaskView>('/tasks', { method: 'POST', body }),
    onSuccess: (task) => {
      storeTask(client, task);
      void navigate(`/tasks/${task.id}`, { state: { created: true } });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const dueAt = fromZonedInput(due);
    const found = {
      title: title.trim() ? undefined : t('form.titleRequired'),
      due: due && !dueAt ? t('form.dueInvalid') : undefined,
    };
    setProblems(found);
    if (found.title || found.due) {
      (event.currentTarget as HTMLFormElement)
        .querySelector<HTMLElement>(`[name="${found.title ? 'title' : 'due'}"]`)
        ?.focus();
      return;
    }
    create.mutate({
      title: title.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(dueAt ? { dueAt } : {}),
      priority,
      assigneeIds: assignees.map((a) => a.id),
      agencyIds: agencies.map((a) => a.id),
      checklist: checklist
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
      ...(roomId ? { roomId } : {}),
      idempotencyKey: key,
    });
  };

  return (
    <div className="page page--form">
      <PageHeader title={t('new.title')}>
        <p className="subtle">{t('new.intro')}</p>
      </PageHeader>
      <form onSubmit={submit} noValidate className="task-form">
        <TextField
          label={t('fields.title')}
          name="title"
          value={title}
          onChange={(e) => {
            setTitle(e.target.value);
            if (problems.title) setProblems({ ...problems, title: undefined });
          }}
          maxLength={300}
          required
          error={problems.title}
          autoComplete="off"
        />
        <TextArea
          label={t('fields.description')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={20_000}
          rows={5}
        />
        <div className="task-form__row">
          <TextField
            label={t('fields.due')}
            hint={t('form.dueHint', { zone: currentTimeZone() })}
            type="datetime-local"
            value={due}
            onChange={(e) => {
              setDue(e.target.value);
              if (problems.due) setProblems({ ...problems, due: undefined });
            }}
            name="due"
            error={problems.due}
          />
          <SelectField
            label={t('fields.priority')}
            value={priority}
            onChange={(e) => setPriority(e.target.value as TaskPriority)}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <PersonPicker
          label={t('fields.assignees')}
          hint={t('form.assigneesHint')}
          value={assignees}
          onChange={setAssignees}
        />
        <AgencyPicker
          label={t('fields.agencies')}
          hint={t('form.agenciesHint')}
          value={agencies}
          onChange={setAgencies}
          exclude={me?.agency ? [me.agency.id] : []}
        />
        <TextArea
          label={t('fields.checklist')}
          hint={t('form.checklistHint')}
          value={checklist}
          onChange={(e) => setChecklist(e.target.value)}
          rows={3}
        />
        <SelectField
          label={t('fields.room')}
          hint={t('form.roomHint')}
          value={roomId}
          onChange={(e) => setRoomId(e.target.value)}
        >
          <option value="">{t('form.ownRoom')}</option>
          {(rooms.data ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {r.name ?? r.id.slice(0, 8)}
            </option>
          ))}
        </SelectField>
        {create.isError && <TaskErrorAlert error={create.error} />}
        <div className="row">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? t('new.creating') : t('new.submit')}
          </Button>
          <Link className="btn btn--secondary" to="/tasks">
            {t('form.cancel')}
          </Link>
        </div>
      </form>
    </div>
  );
}
