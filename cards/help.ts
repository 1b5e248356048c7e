import { compileTemplate } from './template';
import helpTemplate from './templates/help.json';
import type { AdaptiveCard } from './types';

export interface HelpCommand {
  /** How to type the command, e.g. "batch status <name>". */
  syntax: string;
  description: string;
}

export interface HelpCardData {
  commands: HelpCommand[];
  /** The caller's roles, e.g. ["admin", "viewer"]. */
  roles: string[];
}

interface HelpView {
  rolesText: string;
  noCommands: boolean;
  groups: { title: string; commands: HelpCommand[] }[];
}

const render = compileTemplate<HelpView>(helpTemplate);

function groupTitle(syntax: string): string {
  const word = syntax.trim().split(/\s+/)[0] ?? '';
  return word.length > 0 ? word[0]!.toUpperCase() + word.slice(1) : 'Other';
}

/** Groups commands by their first word, keeping the order in which groups first appear. */
function groupCommands(commands: HelpCommand[]): HelpView['groups'] {
  const groups = new Map<string, HelpCommand[]>();
  for (const command of commands) {
    const title = groupTitle(command.syntax);
    const list = groups.get(title) ?? [];
    list.push({ syntax: command.syntax, description: command.description });
    groups.set(title, list);
  }
  return [...groups].map(([title, list]) => ({ title, commands: list }));
}

/** The help card: the commands the caller may use, grouped by their first word, and the caller's roles. */
export function helpCard(data: HelpCardData): AdaptiveCard {
  return render({
    rolesText:
      data.roles.length > 0 ? `Your roles: ${data.roles.join(', ')}` : 'You have no Cutover roles yet.',
    noCommands: data.commands.length === 0,
    groups: groupCommands(data.commands),
  });
}
