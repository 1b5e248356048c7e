import type { CardVerb, CardVerbData } from './verbs';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/** An Adaptive Card as plain JSON, ready to send as an attachment or an invoke response. */
export interface AdaptiveCard extends JsonObject {
  type: 'AdaptiveCard';
  version: string;
  body?: JsonObject[];
  actions?: JsonObject[];
}

export type ActionStyle = 'default' | 'positive' | 'destructive';

/** An `Action.Execute` whose data has exactly the type its verb expects. */
export interface ExecuteAction<V extends CardVerb = CardVerb> {
  type: 'Action.Execute';
  title: string;
  verb: V;
  data: CardVerbData[V];
  style?: ActionStyle;
  associatedInputs?: 'auto' | 'none';
}

/** A button that unfolds a nested card; used to hold actions that do not fit in one row. */
export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  card: { type: 'AdaptiveCard'; body: JsonObject[]; actions: CardAction[] };
}

export type CardAction = ExecuteAction | ShowCardAction;
