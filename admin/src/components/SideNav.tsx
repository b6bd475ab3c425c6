import { SubNav, useAuth } from '@strapi/strapi/admin';
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
  // The signed-in admin's own permissions (what the menu link checks too); useRBAC names its
  // answers by verb only, and three of these actions end in `.read`.
  const held = useAuth('NotifsSideNav', (state) => state.permissions);
  const can = (permission: keyof typeof PERMISSIONS) => held.some(({ action }) => action === PERMISSIONS[permission][0].action);
  return (
    <SubNav.Main aria-label={t('plugin.name')}>
      <SubNav.Header label={t('plugin.name')} />
      <SubNav.Sections>
        {[
          <SubNav.Section key="pages" label={t('nav.pages')}>
            {LINKS.filter(({ permission }) => can(permission)).map(({ to, label }) => (
              <SubNav.Link key={to} to={to} label={t(label)} />
            ))}
          </SubNav.Section>,
        ]}
      </SubNav.Sections>
    </SubNav.Main>
  );
};
