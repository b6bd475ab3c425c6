import { useNotification } from '@strapi/strapi/admin';
import { errorMessage } from '../api/client';

/**
 * Runs an admin action and says how it went in Strapi's toast: `success` text on success, the
 * server's message (which names the problem, each field by its label) on failure. Resolves with whether it succeeded.
 */
export const useRunAction = () => {
  const { toggleNotification } = useNotification();
  return async (action: () => Promise<unknown>, success: string | (() => string)): Promise<boolean> => {
    try {
      await action();
      // A function: the text depends on what the action learnt (a count, an id).
      toggleNotification({ type: 'success', message: typeof success === 'function' ? success() : success });
      return true;
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
      return false;
    }
  };
};
