import { useTranslation } from 'react-i18next';
import { NavLink, useParams } from 'react-router';
import { ErrorAlert, Loading, PageHeader } from '../../ui/components';
import { useAgencyTree, type AdminAgencyNode } from './api';
import { AgencyUsers } from './AgencyUsers';

/** The agencies the person administers as a tree; the chosen one's people beside it. */
export function AgenciesPage() {
  const { t } = useTranslation('admin');
  const { agencyId } = useParams();
  const tree = useAgencyTree();
  const chosen = agencyId && tree.data ? find(tree.data.roots, agencyId) : null;

  return (
    <div className="page">
      <PageHeader title={chosen ? `${chosen.name} · ${t('agencies.title')}` : t('agencies.title')}>
        {tree.data && (
          <p className="subtle">{tree.data.systemAdmin ? t('agencies.systemIntro') : t('agencies.intro')}</p>
        )}
      </PageHeader>
      {tree.isPending && <Loading />}
      {tree.error && <ErrorAlert error={tree.error} onRetry={() => void tree.refetch()} />}
      {tree.data && (
        <div className="admin-split">
          <nav aria-label={t('agencies.treeLabel')}>
            <h2>{t('agencies.treeLabel')}</h2>
            <Tree nodes={tree.data.roots} className="agency-tree" />
          </nav>
          <div>
            {agencyId ? (
              <AgencyUsers key={agencyId} agencyId={agencyId} />
            ) : (
              <p className="subtle">{t('agencies.choose')}</p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function Tree({ nodes, className }: { nodes: AdminAgencyNode[]; className?: string }) {
  const { t } = useTranslation('admin');
  return (
    <ul className={className}>
      {nodes.map((node) => (
        <li key={node.id}>
          <NavLink to={`/admin/agencies/${node.id}`}>
            <span>{node.name}</span>{' '}
            <span className="agency-tree__meta">
              {t(`kinds.${node.kind}`)} · {t('agencies.people', { count: node.userCount })}
            </span>
          </NavLink>
          {node.children.length > 0 && <Tree nodes={node.children} />}
        </li>
      ))}
    </ul>
  );
}

function find(nodes: AdminAgencyNode[], id: string): AdminAgencyNode | null {
  for (const node of nodes) {
    if (node.id === id) return node;
    const below = find(node.children, id);
    if (below) return below;
  }
  return null;
}
