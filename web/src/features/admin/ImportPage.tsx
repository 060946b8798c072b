import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors';
import { hasRole, useMe } from '../../app/session-context';
import { Alert, Button, ErrorAlert, PageHeader } from '../../ui/components';
import { useImportOrgChart, type OrgChartProblem } from './api';

const COLUMNS = 'agency_code,agency_name,agency_kind,parent_code,department,login,display_name,email,position,roles';
const TEMPLATE = `${COLUMNS}\r\n6110000,서울특별시,metropolitan_government,,행정과,hong.seoul,홍길동,hong@seoul.example,주무관,member\r\n`;

/** The org-chart CSV import: check first or import, with the upload's progress and every bad line listed. */
export function ImportPage() {
  const { t, i18n } = useTranslation('admin');
  const { data: me } = useMe();
  const run = useImportOrgChart();
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const fileId = useId();
  const progressId = useId();
  const input = useRef<HTMLInputElement>(null);

  const start = (dryRun: boolean) => (event?: FormEvent) => {
    event?.preventDefault();
    if (!file) {
      setMissing(true);
      input.current?.focus();
      return;
    }
    setMissing(false);
    setProgress(0);
    run.mutate(
      { file, dryRun, onProgress: (fraction) => setProgress(Math.round(fraction * 100)) },
      { onSettled: () => setProgress(100) },
    );
  };

  const problems =
    run.error instanceof ApiError && run.error.code === 'ORG_CHART_INVALID'
      ? ((run.error.body.details?.['problems'] ?? []) as OrgChartProblem[])
      : [];

  return (
    <div className="page">
      <PageHeader title={t('import.title')}>
        <p className="subtle">{t('import.intro')}</p>
      </PageHeader>
      <div className="card stack">
        <p>
          {t('import.columns')} <code className="address">{COLUMNS}</code>
        </p>
        {!hasRole(me, 'system_admin') && <p className="subtle">{t('import.agencyAdminNote')}</p>}
        <div>
          <Button variant="secondary" size="small" onClick={() => saveTemplate()}>
            {t('import.template')}
          </Button>
        </div>
        <form onSubmit={start(false)} noValidate>
          <div className="field">
            <label className="field__label" htmlFor={fileId}>
              {t('import.file')}
            </label>
            <span className="field__hint" id={`${fileId}-hint`}>
              {t('import.fileHint')}
            </span>
            <input
              ref={input}
              id={fileId}
              type="file"
              accept=".csv,text/csv"
              aria-describedby={`${fileId}-hint${missing ? ` ${fileId}-error` : ''}`}
              aria-invalid={missing || undefined}
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
                setMissing(false);
                run.reset();
                setProgress(null);
              }}
            />
            {missing && (
              <span className="field__error" id={`${fileId}-error`} role="alert">
                {t('import.noFile')}
              </span>
            )}
          </div>
          {progress !== null && (
            <div className="upload-progress">
              <label htmlFor={progressId}>
                {progress >= 100 && !run.isPending ? t('import.uploaded') : t('import.progress')}
              </label>
              <progress id={progressId} max={100} value={progress}>
                {progress}%
              </progress>
            </div>
          )}
          <div className="row">
            <Button variant="secondary" disabled={run.isPending} onClick={() => start(true)()}>
              {t('import.check')}
            </Button>
            <Button type="submit" disabled={run.isPending}>
              {t('import.run')}
            </Button>
          </div>
        </form>
      </div>

      <div aria-live="polite">
        {run.data && (
          <Alert tone="success">
            <p>
              {t(run.data.dryRun ? 'import.checked' : 'import.imported', {
                agencies: run.data.agenciesCreated,
                departments: run.data.departmentsSeen,
                users: run.data.usersCreated,
              })}
            </p>
          </Alert>
        )}
      </div>
      {run.error && <ErrorAlert error={run.error} />}
      {problems.length > 0 && (
        <section aria-labelledby="import-problems" className="stack">
          <h2 id="import-problems">{t('import.problems')}</h2>
          <div className="table-wrap">
            <table className="table">
              <caption className="subtle">{t('import.problemsCaption', { count: problems.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('import.line')}</th>
                  <th scope="col">{t('import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((problem) => (
                  <tr key={problem.line}>
                    <th scope="row">{t('import.lineNumber', { line: problem.line })}</th>
                    <td>
                      <ul>
                        {problem.problems.map((text) => (
                          <li key={text}>{inLanguage(text, i18n.language)}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}

/** A line's problem comes as "English / 한국어": the half in the person's language. */
function inLanguage(text: string, language: string): string {
  const [en, ko] = text.split(' / ');
  return (language.startsWith('en') ? en : ko) ?? text;
}

function saveTemplate(): void {
  // A BOM, so a spreadsheet opening it reads the Korean as UTF-8.
  const href = URL.createObjectURL(new Blob(['\ufeff', TEMPLATE], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = href;
  link.download = 'org-chart.csv';
  link.click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
