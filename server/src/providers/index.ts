import type { ProviderClass } from '../types';
import { ConsoleProvider } from './console-provider';

/** Providers every app has. */
export const builtInProviders: ProviderClass[] = [ConsoleProvider];
