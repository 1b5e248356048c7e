import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../scripts/validate-manifest';

const MANIFEST_PATH = path.resolve(__dirname, '../../appPackage/manifest.json');

interface Command {
  title: string;
  description: string;
}
interface CommandList {
  scopes: string[];
  commands: Command[];
}

function loadManifest() {
  return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'));
}

const COMMANDS = [
  'help',
  'tenants',
  'batch new',
  'batch create',
  'batch list',
  'batch status',
  'batch users',
  'user',
  'batch start',
  'batch cutover',
  'batch stop',
  'batch resume',
  'batch retry',
  'batch remove',
];

describe('appPackage/manifest.json', () => {
  it('validates against the Teams manifest 1.24 schema and the command menu limits', () => {
    expect(validateManifest(loadManifest())).toEqual([]);
  });

  it('declares a 1.24 manifest for the Cutover bot', () => {
    const manifest = loadManifest();
    expect(manifest.$schema).toBe(
      'https://developer.microsoft.com/en-us/json-schemas/teams/v1.24/MicrosoftTeams.schema.json',
    );
    expect(manifest.manifestVersion).toBe('1.24');
    expect(manifest.name.short).toBe('Cutover');
    expect(manifest.developer.privacyUrl).toBe('https://cutover.example.com/privacy');
    expect(manifest.developer.termsOfUseUrl).toBe('https://cutover.example.com/terms');
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.validDomains).toEqual([]);
    expect(manifest.description.full).toMatch(/Outlook profile/);
  });

  it('uses one app id for the app, the bot and webApplicationInfo', () => {
    const manifest = loadManifest();
    expect(manifest.id).toMatch(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/);
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].botId).toBe(manifest.id);
    expect(manifest.webApplicationInfo.id).toBe(manifest.id);
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(manifest.bots[0].supportsFiles).toBe(false);
  });

  it('lists every command, with one list per scope of at most 10 commands', () => {
    const lists: CommandList[] = loadManifest().bots[0].commandLists;
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      expect(list.commands[0]?.title).toBe('help');
      for (const command of list.commands) {
        expect(COMMANDS).toContain(command.title);
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeLessThanOrEqual(128);
      }
    }
    const listed = new Set(lists.flatMap((l) => l.commands.map((c) => c.title)));
    expect([...listed].sort()).toEqual([...COMMANDS].sort());
  });
});

describe('validateManifest', () => {
  it('reports schema violations with their JSON pointer', () => {
    const manifest = loadManifest();
    const broken = {
      ...manifest,
      id: 'not-a-guid',
      manifestVersion: '1.17',
      accentColor: 'blue',
      name: { short: 'A name that is far longer than thirty characters' },
    };
    delete broken.developer;
    const problems = validateManifest(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/id must match pattern/),
        expect.stringMatching(/^\/manifestVersion /),
        expect.stringMatching(/^\/accentColor must match pattern/),
        expect.stringMatching(/^\/name\/short must NOT have more than 30 characters/),
        "/ must have required property 'developer'",
      ]),
    );
  });

  it('rejects a bot id that is not a GUID and a second bot', () => {
    const manifest = loadManifest();
    const bot = { ...manifest.bots[0], botId: 'cutover-bot' };
    expect(validateManifest({ ...manifest, bots: [bot, bot] })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/bots must NOT have more than 1 items/),
        expect.stringMatching(/^\/bots\/0\/botId must match pattern/),
      ]),
    );
  });

  it('enforces the Teams command menu limits the schema does not', () => {
    const manifest = loadManifest();
    const commands = Array.from({ length: 11 }, (_, i) => ({
      title: `command ${i}`,
      description: 'Does a thing',
    }));
    commands[0] = { title: 'a command title longer than 32 chars', description: 'x'.repeat(129) };
    const bot = { ...manifest.bots[0], commandLists: [{ scopes: ['personal'], commands }] };
    expect(validateManifest({ ...manifest, bots: [bot] })).toEqual([
      '/bots/0/commandLists/0/commands has 11 commands; Teams shows at most 10',
      '/bots/0/commandLists/0/commands/0/title must be at most 32 characters',
      '/bots/0/commandLists/0/commands/0/description must be at most 128 characters',
    ]);
  });
});
