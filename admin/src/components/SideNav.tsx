import { SubNav, useRBAC } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../permissions';
import { useT, type TranslationKey } from '../utils';

const LINKS: { to: string; label: TranslationKey; permission: keyof typeof PERMISSIONS }[] = [
  { to: 'notifications', label: 'nav.notifications', permission: 'notificationsRead' },
  { to: 'deliveries', label: 'nav.deliveries', permission: 'notificationsRead' },
  { to: 'compose', label: 'nav.compose', permission: 'notificationsSend' },
  { to: 'channels', label: 'nav.channels', permission: 'settingsRead' },
  { to: 'triggers', label: 'nav.triggers', permission: 'triggersRead' },
];

/** The plugin's sub navigation: only the pages this admin's role may open. */
export const SideNav = () => {
  const t = useT();
  const { allowedActions } = useRBAC(PERMISSIONS);
  const can = (permission: keyof typeof PERMISSIONS) => allowedActions[`can${permission.charAt(0).toUpperCase()}${permission.slice(1)}`];
  return (
    <SubNav.Main aria-label={t('plugin.name')}>
      <SubNav.Header label={t('plugin.name')} />
      <SubNav.Sections>
        {LINKS.filter(({ permission }) => can(permission)).map(({ to, label }) => (
          <SubNav.Link key={to} to={to} label={t(label)} />
        ))}
      </SubNav.Sections>
    </SubNav.Main>
  );
};
