import { afterEach, describe, expect, it, vi } from 'vitest';
import { AgentLightningClient } from '../src/client/client';
import { DevTaskLoader } from '../src/client/dev-task-loader';
import { resetDeprecationWarnings } from '../src/deprecation';
import { AgentLightningServer } from '../src/server/server';
import { recordingLogger } from './helpers';

afterEach(() => {
  resetDeprecationWarnings();
  vi.restoreAllMocks();
});

describe('deprecation warnings', () => {
  it('are logged once per entry point and name the store API to migrate to', () => {
    resetDeprecationWarnings();
    const { logger, lines } = recordingLogger();
    for (let i = 0; i < 2; i += 1) {
      new AgentLightningClient({ endpoint: 'http://127.0.0.1:1', logger });
      new DevTaskLoader([1], {}, { logger });
      new AgentLightningServer({ logger });
    }
    const warnings = lines.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/^AgentLightningClient is deprecated.*@agl\/store-client/);
    expect(warnings[1]).toMatch(/^DevTaskLoader is deprecated.*LightningStore API/);
    expect(warnings[2]).toMatch(
      /^AgentLightningServer is deprecated.*@agl\/store-server.*agl store/,
    );
  });

  it('go to stderr by default', () => {
    resetDeprecationWarnings();
    const warn = vi.spyOn(console, 'error').mockImplementation(() => {});
    new AgentLightningClient('http://127.0.0.1:1');
    new AgentLightningClient('http://127.0.0.1:1');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('AgentLightningClient is deprecated');
  });
});
