import { CreateFoundation1795564800000 } from './1795564800000-CreateFoundation.js';
import { CreateMessenger1795568400000 } from './1795568400000-CreateMessenger.js';
import { AddCommandsAndReminders1795572000000 } from './1795572000000-AddCommandsAndReminders.js';

/** Every migration in order. Migrations are never edited after they land; add a new one. */
export const MIGRATIONS = [CreateFoundation1795564800000, CreateMessenger1795568400000, AddCommandsAndReminders1795572000000];
