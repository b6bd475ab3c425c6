import { useNotification } from '@strapi/strapi/admin';
import { errorMessage } from '../api/client';

/**
 * Runs an admin action and says how it went in Strapi's toast: `success` text on success, the
 * server's message (which names the problem) on failure. Resolves with whether it succeeded.
 */
export const useRunAction = () => {
  const { toggleNotification } = useNotification();
  return async (action: () => Promise<unknown>, success: string): Promise<boolean> => {
    try {
      await action();
      toggleNotification({ type: 'success', message: success });
      return true;
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
      return false;
    }
  };
};
