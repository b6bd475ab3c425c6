import { Inbox, NotifsBell, useUnreadCount } from 'strapi-plugin-notifs/react';

/** The default bell in a header, and the same inbox drawn by hand with the headless `Inbox`. */
export const App = () => {
  const unread = useUnreadCount();
  return (
    <>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '8px 24px', background: '#fff', borderBottom: '1px solid #ddd' }}>
        <strong>My app</strong>
        <NotifsBell onSelect={(notification) => notification.url && window.open(notification.url, '_blank')} />
      </header>
      <main style={{ maxWidth: 640, margin: '24px auto', padding: '0 24px' }}>
        <h1 style={{ fontSize: 20 }}>{unread} unread</h1>
        <p>Press Enter in the terminal running <code>npm run strapi</code> to send a notification.</p>
        <Inbox>
          {({ notifications, connected, markRead, markUnread, remove }) => (
            <>
              <p style={{ color: connected ? 'green' : '#b00020' }}>{connected ? 'Live' : 'Reconnecting…'}</p>
              <ul>
                {notifications.map((n) => (
                  <li key={n.id} style={{ fontWeight: n.isRead ? 400 : 700, marginBottom: 6 }}>
                    {n.shortDescription}{' '}
                    <button onClick={() => void (n.isRead ? markUnread(n) : markRead(n))}>{n.isRead ? 'mark unread' : 'mark read'}</button>{' '}
                    <button onClick={() => void remove(n)}>delete</button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Inbox>
      </main>
    </>
  );
};
