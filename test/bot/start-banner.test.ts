import { describe, expect, it } from 'vitest';
import { playgroundPort, startBanner } from '../../bot/start-banner';
import { DEFAULT_PLAYGROUND_PORT, parsePort } from '../../scripts/playground';

const demo = {
  botUrl: 'http://127.0.0.1:3978',
  simulatorUrl: 'http://127.0.0.1:3979',
  authOn: false,
  usesDemoTenants: true,
  tenantsFile: 'config/tenants.demo.json',
};

describe('the start banner', () => {
  it('names the bot, the simulator and the Playground at their default ports', () => {
    expect(startBanner(demo)).toBe(
      [
        '',
        'Cutover is running at http://127.0.0.1:3978/api/messages (health: http://127.0.0.1:3978/healthz)',
        'Exchange Online simulator: http://127.0.0.1:3979 (tenants: http://127.0.0.1:3979/_simulator/tenants)',
        'Bot authentication is off (no MicrosoftAppId): loopback only.',
        'Demo tenants loaded (config/tenants.demo.json). In another terminal run:  npm run playground',
        'Then open http://127.0.0.1:56150 and say "help".',
        '',
      ].join('\n'),
    );
  });

  it('prints the Playground port PLAYGROUND_PORT gives, and the bot port the Playground must call', () => {
    const text = startBanner({ ...demo, botUrl: 'http://127.0.0.1:4000', playgroundPort: '57000' });
    expect(text).toContain('In another terminal run:  PORT=4000 npm run playground');
    expect(text).toContain('Then open http://127.0.0.1:57000 and say "help".');
    expect(text).not.toContain('56150');
  });

  it('uses the same Playground port as npm run playground', () => {
    for (const value of [undefined, '', '57001', '1', '65535']) {
      expect(playgroundPort(value)).toBe(parsePort('PLAYGROUND_PORT', value, DEFAULT_PLAYGROUND_PORT));
    }
    // npm run playground refuses these with a message; the banner shows the default meanwhile.
    expect(playgroundPort('x')).toBe(DEFAULT_PLAYGROUND_PORT);
    expect(playgroundPort('0')).toBe(DEFAULT_PLAYGROUND_PORT);
  });

  it('names the tenants file and leaves the Playground out outside the demo', () => {
    const text = startBanner({
      ...demo,
      simulatorUrl: undefined,
      authOn: true,
      usesDemoTenants: false,
      tenantsFile: '/etc/cutover/tenants.json',
    });
    expect(text).toContain('Tenants from /etc/cutover/tenants.json');
    expect(text).not.toMatch(/playground|simulator|authentication is off/i);
  });
});
