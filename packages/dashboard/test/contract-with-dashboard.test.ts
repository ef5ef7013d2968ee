import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeLightningStore } from '@agl/store-core/testing';
import { contractOverHttp } from '../../store-client/test/helpers/contract-over-http';
import { createDashboardHandler } from '../src/server/index';

/**
 * The LightningStore contract suite over HTTP against a server that serves
 * the dashboard at `/` (with its reward aggregates) and live events (whose
 * store wrapper must not change any answer): the API behaves exactly as
 * without them.
 */
const assets = mkdtempSync(path.join(tmpdir(), 'agl-dash-contract-'));
mkdirSync(path.join(assets, 'assets'));
writeFileSync(
  path.join(assets, 'index.html'),
  '<!doctype html><html><head></head><body></body></html>',
);

describeLightningStore(
  contractOverHttp(
    'LightningStoreClient over a server with the dashboard and live events',
    async () => ({
      events: true,
      dashboard: await createDashboardHandler({ assetsDir: assets }),
    }),
  ),
);
