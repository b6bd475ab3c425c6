import type { ProviderClass } from '../types';
import { ConsoleProvider } from './console-provider';
import { WebhookProvider } from './webhook-provider';

/** Providers every app has. */
export const builtInProviders: ProviderClass[] = [ConsoleProvider, WebhookProvider];
