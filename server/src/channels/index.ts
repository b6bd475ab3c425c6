import type { ChannelClass } from '../types';
import { ConsoleChannel } from './console-channel';
import { WebhookChannel } from './webhook-channel';
import { SlackChannel } from './slack-channel';

/** Channels every app has, one per built-in provider. */
export const builtInChannels: ChannelClass[] = [ConsoleChannel, WebhookChannel, SlackChannel];
