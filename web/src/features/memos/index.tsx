import { Route, Routes } from 'react-router';
import { NotFound } from '../../ui/Placeholder';
import './texts';
import { useMemoLiveUpdates } from './api';
import { MemoComposePage } from './MemoComposePage';
import { MemoDetailPage } from './MemoDetailPage';
import { MemoListPage } from './MemoListPage';
import './memos.css';

/** Memo reports, 메모보고 (lazy-loaded by web/src/routes.tsx at /memos/*): inbox, sent, compose, and a memo (where the memo bot's DM links). */
export function Component() {
  useMemoLiveUpdates();
  return (
    <Routes>
      <Route index element={<MemoListPage box="inbox" />} />
      <Route path="inbox" element={<MemoListPage box="inbox" />} />
      <Route path="sent" element={<MemoListPage box="sent" />} />
      <Route path="new" element={<MemoComposePage />} />
      <Route path=":id" element={<MemoDetailPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
