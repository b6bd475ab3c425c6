import type { ProviderClass } from '../types';
import { ConsoleProvider } from './console-provider';
import { WebhookProvider } from './webhook-provider';
import { SlackProvider } from './slack-provider';

/** Providers every app has. */
export const builtInProviders: ProviderClass[] = [ConsoleProvider, WebhookProvider, SlackProvider];
