import type { ChannelClass } from '../types';
import { ConsoleChannel } from './console-channel';
import { InAppChannel } from './in-app-channel';

/** Channels every app has, one per built-in provider. */
export const builtInChannels: ChannelClass[] = [ConsoleChannel, InAppChannel];
