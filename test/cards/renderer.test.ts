import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as AC from 'adaptivecards';
import { describe, expect, it } from 'vitest';
import { expectValidCard } from '../support/card-schema';
import { sampleCards } from './samples';

// The Teams host configs (e.g. at most 6 actions in a row), vendored in schemas/hostconfig.
const hostConfig = (theme: 'light' | 'dark') =>
  JSON.parse(
    readFileSync(path.resolve(__dirname, `../../schemas/hostconfig/microsoft-teams-${theme}.json`), 'utf8'),
  ) as object;
const TEAMS_HOST_CONFIGS = { light: hostConfig('light'), dark: hostConfig('dark') };

/** Messages from the Adaptive Cards SDK's parser and property validation under a Teams host config. */
function rendererMessages(json: object, teamsHostConfig = TEAMS_HOST_CONFIGS.light): string[] {
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(teamsHostConfig);
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const messages: string[] = [];
  for (let i = 0; i < context.eventCount; i++) messages.push(context.getEventAt(i).message);
  messages.push(...card.validateProperties().validationEvents.map((event) => event.message));
  return messages;
}

describe('every card kind', () => {
  it.each(sampleCards())(
    '%s is schema-valid, small, and parses cleanly with the Teams host configs (light and dark)',
    (_name, card) => {
      expectValidCard(card);
      expect(rendererMessages(card, TEAMS_HOST_CONFIGS.light)).toEqual([]);
      expect(rendererMessages(card, TEAMS_HOST_CONFIGS.dark)).toEqual([]);
      expect(JSON.stringify(card)).not.toContain('${');
      expect(card).toMatchObject({
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        type: 'AdaptiveCard',
        version: '1.5',
      });
    },
  );

  it('the SDK check catches too many buttons in a row', () => {
    const button = { type: 'Action.Execute', title: 'x', verb: 'batch.refresh', data: {} };
    const messages = rendererMessages({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [],
      actions: Array(7).fill(button),
    });
    expect(messages.join('\n')).toMatch(/Maximum number of actions exceeded \(6\)/);
  });
});
