import { Bell } from '@strapi/icons';

export const PluginIcon = () => <Bell />;
