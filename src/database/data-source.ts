import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config.js';
import { dataSourceOptions } from './data-source-options.js';

// The migration CLI's data source (`npm run migration:run`). It needs DATABASE_URL: the
// embedded PostgreSQL that `npm start` uses runs its migrations on start by itself.
const config = loadConfig();
if (config.database.url === undefined) {
  throw new Error(
    'Set DATABASE_URL to run the migration CLI, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/ieum',
  );
}

export default new DataSource(dataSourceOptions(config.database.url, { listEntities: true, poolSize: 2 }));
