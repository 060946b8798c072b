import { Route, Routes } from 'react-router';
import { NotFound } from '../../ui/Placeholder';
import './texts';
import { useTaskLiveUpdates } from './api';
import { TaskBoardPage } from './TaskBoardPage';
import { TaskDetailPage } from './TaskDetailPage';
import { TaskListPage } from './TaskListPage';
import { TaskNewPage } from './TaskNewPage';
import './tasks.css';

/** Collaboration tasks (lazy-loaded by web/src/routes.tsx at /tasks/*): list, board, new, and a task's page (where its card links). */
export function Component() {
  useTaskLiveUpdates();
  return (
    <Routes>
      <Route index element={<TaskListPage />} />
      <Route path="board" element={<TaskBoardPage />} />
      <Route path="new" element={<TaskNewPage />} />
      <Route path=":id" element={<TaskDetailPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
