import { CreateFoundation1795564800000 } from './1795564800000-CreateFoundation.js';

/** Every migration in order. Migrations are never edited after they land; add a new one. */
export const MIGRATIONS = [CreateFoundation1795564800000];
