import { useEffect } from 'react';

const BADGE = /^\(\d+\+?\) /;

const strip = (title: string) => title.replace(BADGE, '');

/**
 * "(3) 이음": the number of unread messages in front of whatever title the open screen set. Screens
 * set their own titles at any time, so the badge is put back whenever the title changes.
 */
export function useTitleBadge(unread: number): void {
  useEffect(() => {
    const badge = unread > 0 ? `(${unread > 999 ? '999+' : unread}) ` : '';
    const apply = () => {
      const next = `${badge}${strip(document.title)}`;
      if (document.title !== next) document.title = next;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = strip(document.title);
    };
  }, [unread]);
}
