import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../../services/errors';
import { createMigrationWizEngine, serviceUrl } from '../../../../services/providers/migrationwiz';
import { mergerConfig } from './simulator-world';

function engine(env: NodeJS.ProcessEnv, embeddedUrl?: string) {
  let fetched = 0;
  const provider = createMigrationWizEngine(mergerConfig(), {
    tenantId: 'contoso',
    exchange: () => {
      throw new Error('not used');
    },
    embeddedUrl,
    env,
    fetch: async () => {
      fetched++;
      return new Response('', { status: 500 });
    },
    logger: pino({ level: 'silent' }),
  });
  return { provider, fetched: () => fetched };
}

describe('createMigrationWizEngine', () => {
  it('posts to the simulator path for "embedded" and to the configured URL otherwise', () => {
    expect(serviceUrl(mergerConfig(), 'http://127.0.0.1:4000/')).toBe(
      'http://127.0.0.1:4000/API/2.0/WebService.asmx',
    );
    expect(
      serviceUrl(mergerConfig({ url: 'https://www.migrationwiz.com/API/2.0/WebService.asmx' }), undefined),
    ).toBe('https://www.migrationwiz.com/API/2.0/WebService.asmx');
    expect(serviceUrl(mergerConfig(), undefined)).toBeUndefined();
  });

  it('refuses every call, naming the variable, when the API password is not set; nothing is sent', async () => {
    const { provider, fetched } = engine({}, 'http://127.0.0.1:1');
    const error = await provider.getBatch('Wave 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).transient).toBe(false);
    expect((error as EngineError).engineMessage).toMatch(/MWZ_API_PASSWORD/);
    expect(fetched()).toBe(0);
  });

  it('refuses every call when set to "embedded" without a local simulator', async () => {
    const { provider, fetched } = engine({ MWZ_API_PASSWORD: 'x' });
    await expect(provider.getBatch('Wave 1')).rejects.toThrow(/no local simulator/);
    expect(fetched()).toBe(0);
  });

  it('says what the engine can do', () => {
    const { provider } = engine({ MWZ_API_PASSWORD: 'x' }, 'http://127.0.0.1:1');
    expect(provider.capabilities).toEqual({
      passes: true,
      scheduledCompletion: false,
      itemTypeStatistics: true,
    });
    expect(provider.resumableCreate).toBe(true);
    expect(typeof provider.submitPass).toBe('function');
  });
});
