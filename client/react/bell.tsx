import { useEffect, useState, type CSSProperties } from 'react';
import type { Notification } from '../src/types';
import { Inbox } from './inbox';

export interface NotifsBellProps {
  /** Called when the user picks a notification (after it is marked read): navigate to its `url`, say. */
  onSelect?: (notification: Notification) => void;
  /** Text of the panel's heading (default "Notifications"). */
  title?: string;
  /** Shown when there is nothing (default "You are all caught up"). */
  emptyText?: string;
  /** Accent colour of the badge and unread marks (default `#4945ff`). */
  accent?: string;
  className?: string;
}

// Inline styles: the component drops into any app without a stylesheet or a design system.
const styles = {
  root: { position: 'relative', display: 'inline-block', fontFamily: 'system-ui, sans-serif', fontSize: 14 },
  bell: { position: 'relative', border: 'none', background: 'transparent', cursor: 'pointer', padding: 6, lineHeight: 0, color: 'inherit' },
  badge: { position: 'absolute', top: 0, right: 0, minWidth: 18, height: 18, borderRadius: 9, color: '#fff', fontSize: 11, fontWeight: 700, lineHeight: '18px', padding: '0 5px', boxSizing: 'border-box' },
  panel: { position: 'absolute', right: 0, top: '100%', width: 340, maxHeight: 420, overflowY: 'auto', background: '#fff', color: '#222', border: '1px solid #ddd', borderRadius: 8, boxShadow: '0 8px 24px rgba(0,0,0,.15)', zIndex: 1000 },
  header: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '10px 12px', borderBottom: '1px solid #eee', fontWeight: 600 },
  link: { border: 'none', background: 'transparent', cursor: 'pointer', fontSize: 12, padding: 0 },
  item: { display: 'flex', gap: 8, width: '100%', textAlign: 'left', border: 'none', borderBottom: '1px solid #f2f2f2', padding: '10px 12px', cursor: 'pointer', font: 'inherit', color: 'inherit' },
  dot: { flex: '0 0 8px', height: 8, borderRadius: 4, marginTop: 6 },
  muted: { color: '#777', fontSize: 12 },
  empty: { padding: 24, textAlign: 'center', color: '#777' },
} satisfies Record<string, CSSProperties>;

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');

/** A bell with an unread badge that opens a panel of the newest notifications. */
export const NotifsBell = ({ onSelect, title = 'Notifications', emptyText = 'You are all caught up', accent = '#4945ff', className }: NotifsBellProps) => {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return undefined;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <Inbox>
      {({ notifications, unreadCount, markRead, markAllRead, loading, error }) => (
        <div style={styles.root} className={className}>
          <button
            type="button"
            style={styles.bell}
            aria-label={`${title}: ${unreadCount} unread`}
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            {/* An SVG, not an emoji: emoji fonts are missing on many systems. */}
            <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
              <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
              <path d="M13.7 21a2 2 0 0 1-3.4 0" />
            </svg>
            {unreadCount > 0 && (
              <span style={{ ...styles.badge, background: accent }} data-notifs-badge="">
                {unreadCount > 99 ? '99+' : unreadCount}
              </span>
            )}
          </button>
          {open && (
            <div style={styles.panel} role="dialog" aria-label={title}>
              <div style={styles.header}>
                <span>{title}</span>
                {unreadCount > 0 && (
                  <button type="button" style={{ ...styles.link, color: accent }} onClick={() => void markAllRead()}>
                    Mark all as read
                  </button>
                )}
              </div>
              {error && <div style={{ ...styles.empty, color: '#b00020' }}>{error.message}</div>}
              {!loading && notifications.length === 0 && <div style={styles.empty}>{emptyText}</div>}
              <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {notifications.map((notification) => (
                  <li key={notification.id}>
                    <button
                      type="button"
                      style={{ ...styles.item, background: notification.isRead ? '#fff' : '#f6f5ff' }}
                      data-notifs-read={notification.isRead ? 'true' : 'false'}
                      onClick={() => {
                        void markRead(notification);
                        onSelect?.(notification);
                      }}
                    >
                      <span style={{ ...styles.dot, background: notification.isRead ? 'transparent' : accent }} />
                      <span>
                        <span style={{ display: 'block', fontWeight: notification.isRead ? 400 : 600 }}>
                          {notification.shortDescription ?? notification.category ?? 'Notification'}
                        </span>
                        <span style={styles.muted}>{when(notification.createdAt)}</span>
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </Inbox>
  );
};
