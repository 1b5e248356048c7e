import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTAINERS } from '../../services/store/document-store';
import { containerDefinition } from '../../services/store/cosmos-containers';
import { SCHEMA_DIR } from './arm-schemas';
import { createArmValidator, describeProblem, referenceProblems } from './arm-validator';

const INFRA = path.resolve(__dirname, '../../infra');
// biome-ignore lint/suspicious/noExplicitAny: the template is free-form JSON checked field by field
type Json = Record<string, any>;
const read = (file: string) => JSON.parse(readFileSync(path.join(INFRA, file), 'utf8')) as Json;
const template = read('azuredeploy.json');
const validator = createArmValidator({ strict: true });
const problems = (t: Json) => validator.validateTemplate(t).map(describeProblem);
const resource = (t: Json, type: string) => t.resources.find((r: Json) => r.type === type) as Json;
const setting = (name: string) =>
  resource(template, 'Microsoft.Web/sites').properties.siteConfig.appSettings.find(
    (s: Json) => s.name === name,
  )?.value as string | undefined;

describe('infra/azuredeploy.json', () => {
  it('validates: envelope, every resource against its schema and apiVersion, references, secrets', () => {
    expect(problems(template)).toEqual([]);
  });

  it('has a valid parameters file that names only template parameters and holds no secret', () => {
    const parameters = read('azuredeploy.parameters.json');
    expect(validator.validateParameters(parameters).map(describeProblem)).toEqual([]);
    for (const name of Object.keys(parameters.parameters)) {
      expect(template.parameters, name).toHaveProperty(name);
      expect(template.parameters[name].type).not.toMatch(/^secure/i);
    }
  });

  it('runs the bot under a user-assigned identity, on HTTPS, Node 22, always on, probed on /healthz', () => {
    const site = resource(template, 'Microsoft.Web/sites');
    expect(site.identity.type).toBe('UserAssigned');
    expect(site.properties.httpsOnly).toBe(true);
    expect(site.properties.siteConfig).toMatchObject({
      linuxFxVersion: 'NODE|22-lts',
      alwaysOn: true,
      healthCheckPath: '/healthz',
    });
    expect(site.properties.siteConfig.appCommandLine).toContain('dist/bot/main.js');
    expect(setting('MicrosoftAppType')).toBe('UserAssignedMsi');
    expect(setting('MicrosoftAppId')).toContain('.clientId');
    expect(setting('MicrosoftAppTenantId')).toBe('[subscription().tenantId]');
    expect(setting('STORE')).toBe('cosmos');
    expect(setting('COSMOS_ENDPOINT')).toContain('documentEndpoint');
    expect(setting('TENANTS_FILE')).toBe("[parameters('tenantsFile')]");
    expect(setting('APPLICATIONINSIGHTS_CONNECTION_STRING')).toContain('ConnectionString');
    // Secrets come from Key Vault, never from the template.
    expect(setting('EXPORT_LINK_SECRET')).toContain('@Microsoft.KeyVault(');
    expect(setting('STAGED_PASSWORD_KEY')).toContain('@Microsoft.KeyVault(');
  });

  it('registers the bot with that identity, the Teams channel and the app endpoint', () => {
    const bot = resource(template, 'Microsoft.BotService/botServices');
    expect(bot.properties.msaAppType).toBe('UserAssignedMSI');
    expect(bot.properties.msaAppMSIResourceId).toContain('Microsoft.ManagedIdentity/userAssignedIdentities');
    expect(bot.properties.endpoint).toMatch(/^\[format\('https:\/\/\{0\}\/api\/messages'/);
    expect(bot.resources.map((c: Json) => c.properties.channelName)).toEqual(['MsTeamsChannel']);
  });

  it('keeps Cosmos DB keyless, with the data contributor role for the identity and every container', () => {
    const account = resource(template, 'Microsoft.DocumentDB/databaseAccounts');
    expect(account.properties.disableLocalAuth).toBe(true);
    const role = resource(template, 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments');
    expect(role.properties.roleDefinitionId).toContain("variables('cosmosDataContributor')");
    expect(template.variables.cosmosDataContributor).toBe('00000000-0000-0000-0000-000000000002');
    expect(role.properties.principalId).toContain('.principalId');
    // The identity cannot create containers (data plane only): the template creates each one as init() would.
    const containers = template.variables.containers as Json[];
    expect(containers.map((c) => c.name).sort()).toEqual([...CONTAINERS, 'botState'].sort());
    for (const name of CONTAINERS) {
      const wanted = containerDefinition(name);
      const declared = containers.find((c) => c.name === name)!;
      expect(declared.partitionKey).toBe(wanted.partitionKey!.paths![0]);
      expect(declared.excludedPaths).toEqual(wanted.indexingPolicy!.excludedPaths);
    }
  });

  it('keeps certificates and secrets in an RBAC Key Vault readable by the identity', () => {
    const vault = resource(template, 'Microsoft.KeyVault/vaults');
    expect(vault.properties.enableRbacAuthorization).toBe(true);
    const roles = template.resources
      .filter((r: Json) => r.type === 'Microsoft.Authorization/roleAssignments')
      .map((r: Json) => r.properties.roleDefinitionId as string);
    expect(roles.some((r: string) => r.includes('keyVaultSecretsUser'))).toBe(true);
    expect(roles.some((r: string) => r.includes('keyVaultCertificateUser'))).toBe(true);
    expect(template.variables.keyVaultSecretsUser).toBe('4633458b-17de-408a-b874-0445c86b69e6');
    expect(template.variables.keyVaultCertificateUser).toBe('db79e9a7-68ee-4b58-9aeb-b90e7c24fcba');
  });

  it('sends telemetry to a workspace-based Application Insights', () => {
    const insights = resource(template, 'Microsoft.Insights/components');
    expect(insights.properties.WorkspaceResourceId).toContain('Microsoft.OperationalInsights/workspaces');
  });

  it('outputs the bot app id, the endpoint and what the tenants file needs', () => {
    expect(Object.keys(template.outputs)).toEqual(
      expect.arrayContaining([
        'botAppId',
        'messagingEndpoint',
        'keyVaultUri',
        'tenantsFile',
        'identityPrincipalId',
      ]),
    );
  });

  it('keeps the schemas it validates against in the repository, unmodified, with their source', () => {
    const readme = readFileSync(path.join(SCHEMA_DIR, 'README.md'), 'utf8');
    expect(readme).toContain('Azure/azure-resource-manager-schemas');
    expect(readme).toMatch(/[0-9a-f]{40}/);
    const files = readdirSync(SCHEMA_DIR, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.json'),
    );
    for (const file of files) expect(readme, file).toContain(file.split(path.sep).join('/'));
  });
});

describe('a broken template fails with the resource and the problem named', () => {
  const broken = (change: (t: Json) => void) => {
    const copy = structuredClone(template);
    change(copy);
    return problems(copy);
  };

  it('a misspelled property', () => {
    const found = broken((t) => {
      const config = resource(t, 'Microsoft.Web/sites').properties.siteConfig;
      config.healthCheckPaht = config.healthCheckPath;
      delete config.healthCheckPath;
    });
    expect(found).toEqual([
      expect.stringMatching(
        /^resources\[\d+\] Microsoft\.Web\/sites "\[parameters\('appName'\)\]": \/properties\/siteConfig: unknown property "healthCheckPaht"$/,
      ),
    ]);
  });

  it('a wrong apiVersion', () => {
    const found = broken((t) => {
      resource(t, 'Microsoft.DocumentDB/databaseAccounts').apiVersion = '2019-08-01';
    });
    expect(found).toEqual([
      expect.stringMatching(
        /^resources\[\d+\] Microsoft\.DocumentDB\/databaseAccounts "\[variables\('cosmosAccountName'\)\]": no schema for apiVersion 2019-08-01 \(known: 2026-03-15\)$/,
      ),
    ]);
  });

  it('an undefined parameter', () => {
    const found = broken((t) => {
      resource(t, 'Microsoft.KeyVault/vaults').location = "[parameters('region')]";
    });
    expect(found).toEqual([
      expect.stringMatching(
        /^resources\[\d+\] Microsoft\.KeyVault\/vaults "\[variables\('keyVaultName'\)\]": parameters\('region'\) is not defined \(at resources\[\d+\]\.location\)$/,
      ),
    ]);
  });

  it('a misspelled property inside a discriminated union (the Teams channel)', () => {
    const found = broken((t) => {
      const channel = resource(t, 'Microsoft.BotService/botServices').resources[0].properties.properties;
      channel.isEnabeld = channel.isEnabled;
      delete channel.isEnabled;
    });
    const where = /^resources\[\d+\] Microsoft\.BotService\/botServices "\[parameters\('appName'\)\]": /;
    expect(found.map((p) => p.replace(where, ''))).toEqual([
      "/resources/0/properties/properties: must have required property 'isEnabled'",
      '/resources/0/properties/properties: unknown property "isEnabeld"',
    ]);
    expect(found.every((p) => where.test(p))).toBe(true);
  });

  it('a wrong enum value, an undefined variable, an unused parameter and a secret with a default', () => {
    const found = broken((t) => {
      resource(t, 'Microsoft.BotService/botServices').properties.msaAppType = 'UserAssignedMsi';
      t.outputs.keyVaultName.value = "[variables('vaultName')]";
      t.parameters.unused = { type: 'string', defaultValue: 'x' };
      t.parameters.exportLinkSecret.defaultValue = 'not-a-secret-anymore-not-a-secret-anymore';
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /Microsoft\.BotService\/botServices .*: \/properties\/msaAppType: must be equal to one of the allowed values \(UserAssignedMSI, SingleTenant, MultiTenant\)$/,
        ),
        "outputs: variables('vaultName') is not defined (at outputs.keyVaultName.value)",
        'parameters.unused: is never used',
        'parameters.exportLinkSecret: is a secret and must not have a default value',
      ]),
    );
  });

  it('a parameter named like a secret with a default, even as a plain string', () => {
    const found = referenceProblems({
      parameters: { adminPassword: { type: 'string', defaultValue: 'hunter2' } },
      resources: [{ properties: { p: "[parameters('adminPassword')]" } }],
    });
    expect(found.map(describeProblem)).toEqual([
      'parameters.adminPassword: is a secret and must not have a default value',
    ]);
  });
});
