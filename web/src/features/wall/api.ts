import { useInfiniteQuery, useQuery, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type { WallReportedView } from '@server/wall/wall-moderation.service';
import type { WallCommentView, WallPostView, WallView } from '@server/wall/wall.service';
import { api } from '../../api/http';

export type { WallCommentView, WallPostView, WallReportedView, WallView };
export type Order = 'newest' | 'popular';
type PostPage = { posts: WallPostView[]; nextCursor: string | null };

export const wallKeys = {
  walls: ['walls', 'list'] as const,
  feeds: ['walls', 'posts'] as const,
  feed: (wallId: string, order: Order) => ['walls', 'posts', wallId, order] as const,
  comments: (postId: string) => ['walls', 'comments', postId] as const,
  reports: ['walls', 'reports'] as const,
};

export function useWalls() {
  return useQuery({ queryKey: wallKeys.walls, queryFn: ({ signal }) => api<WallView[]>('/walls', { signal }) });
}

export function useFeed(wallId: string | undefined, order: Order) {
  return useInfiniteQuery({
    queryKey: wallKeys.feed(wallId ?? '', order),
    queryFn: ({ pageParam, signal }) =>
      api<PostPage>(`/walls/${wallId}/posts`, { query: { order, cursor: pageParam, limit: 20 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(wallId),
  });
}

export function useComments(postId: string, enabled: boolean) {
  return useQuery({
    queryKey: wallKeys.comments(postId),
    queryFn: ({ signal }) => api<WallCommentView[]>(`/wall-posts/${postId}/comments`, { signal }),
    enabled,
  });
}

export function useReports() {
  return useInfiniteQuery({
    queryKey: wallKeys.reports,
    queryFn: ({ pageParam, signal }) =>
      api<{ items: WallReportedView[]; nextCursor: string | null }>('/wall-reports', {
        query: { cursor: pageParam, limit: 30 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** A post as the API answered it, put in place in every feed that shows it. */
export function storePost(client: QueryClient, post: WallPostView): void {
  client.setQueriesData<InfiniteData<PostPage>>(
    { queryKey: wallKeys.feeds },
    (data) =>
      data && {
        ...data,
        pages: data.pages.map((p) => ({ ...p, posts: p.posts.map((x) => (x.id === post.id ? post : x)) })),
      },
  );
}

/** Drops a post from every feed (it was deleted). */
export function dropPost(client: QueryClient, postId: string): void {
  client.setQueriesData<InfiniteData<PostPage>>(
    { queryKey: wallKeys.feeds },
    (data) =>
      data && { ...data, pages: data.pages.map((p) => ({ ...p, posts: p.posts.filter((x) => x.id !== postId) })) },
  );
}

/** Changes one post wherever it is shown (a comment count after commenting). */
export function patchPost(client: QueryClient, postId: string, change: (post: WallPostView) => WallPostView): void {
  client.setQueriesData<InfiniteData<PostPage>>(
    { queryKey: wallKeys.feeds },
    (data) =>
      data && {
        ...data,
        pages: data.pages.map((p) => ({ ...p, posts: p.posts.map((x) => (x.id === postId ? change(x) : x)) })),
      },
  );
}
