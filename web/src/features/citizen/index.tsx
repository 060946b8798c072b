import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Router, Switch } from 'wouter';
import { Loading } from '../../ui/components';
import './texts';
import './citizen.css';
import { ChoosePage } from './ChoosePage';
import { DetailsPage, SentPage } from './DetailsPage';
import { ConfirmPage, ManagePage, MovePage } from './ManagePage';
import { DraftProvider, HomeLink, Layout, Problem } from './shell';
import { StartPage } from './StartPage';

const JoinPage = lazy(() => import('./JoinPage'));

function NotFound() {
  const { t } = useTranslation('citizen');
  return (
    <Problem title={t('notFound.title')} actions={<HomeLink />}>
      <p>{t('notFound.body')}</p>
    </Problem>
  );
}

/** /consult/join without a link: the way in is the citizen's own booking link. */
function JoinWithoutLink() {
  const { t } = useTranslation('citizen');
  return (
    <Problem title={t('join.title')} tone="info" actions={<HomeLink />}>
      <p>{t('confirm.manageBody')}</p>
    </Problem>
  );
}

/**
 * The public consultation pages (/consult…): their own chunk, no staff code, no session. Opened
 * directly they mount alone (standalone.tsx); the staff router mounts them for /consult/* too.
 */
export function Component() {
  return (
    <DraftProvider>
      <Router base="/consult">
        <Layout>
          <Switch>
            <Route path="/">
              <StartPage />
            </Route>
            <Route path="/book">
              <ChoosePage />
            </Route>
            <Route path="/details">
              <DetailsPage />
            </Route>
            <Route path="/sent">
              <SentPage />
            </Route>
            <Route path="/join">
              <JoinWithoutLink />
            </Route>
            <Route path="/confirm/:token">{(params) => <ConfirmPage key={params.token} token={params.token} />}</Route>
            <Route path="/manage/:token">{(params) => <ManagePage key={params.token} token={params.token} />}</Route>
            <Route path="/manage/:token/move">{(params) => <MovePage key={params.token} token={params.token} />}</Route>
            <Route path="/manage/:token/join">
              {(params) => (
                <Suspense fallback={<Loading />}>
                  <JoinPage key={params.token} token={params.token} />
                </Suspense>
              )}
            </Route>
            <Route>
              <NotFound />
            </Route>
          </Switch>
        </Layout>
      </Router>
    </DraftProvider>
  );
}
