import type { ProviderClass } from '../types';
import { ConsoleProvider } from './console-provider';
import { SseProvider } from './sse-provider';

/** Providers every app has. */
export const builtInProviders: ProviderClass[] = [ConsoleProvider, SseProvider];
