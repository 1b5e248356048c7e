import { executeAction } from './actions';
import { truncateText } from './format';
import { compileTemplate } from './template';
import supersededTemplate from './templates/superseded.json';
import type { AdaptiveCard, CardAction } from './types';

export interface SupersededCardData {
  batchId: string;
  batchName: string;
  /** The batch version when the card was superseded (the button's data). */
  version: number;
}

interface SupersededView {
  title: string;
  text: string;
  actions: CardAction[];
}

const render = compileTemplate<SupersededView>(supersededTemplate);

/** The title every superseded batch card starts with (tests and people look for it). */
export const SUPERSEDED_TITLE = 'Superseded';

/**
 * What an older batch card turns into when a newer card of the same batch is posted in the same
 * conversation: one short line pointing to the latest card, and a button that shows the current
 * state here instead (this card then follows the batch, and the other one is superseded).
 */
export function supersededCard(data: SupersededCardData): AdaptiveCard {
  const name = truncateText(data.batchName, 200);
  return render({
    title: `${SUPERSEDED_TITLE}: ${name}`,
    text: `See the latest card for ${name} in this chat; this one is no longer updated.`,
    actions: [
      executeAction('Show the current state here', 'batch.refresh', {
        batchId: data.batchId,
        version: data.version,
      }),
    ],
  });
}
