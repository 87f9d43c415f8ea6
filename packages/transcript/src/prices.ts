/**
 * USD prices per million tokens, by model family. These are public list prices copied by hand: an
 * ESTIMATE. Real bills differ (long-context surcharges, batch and regional pricing, negotiated rates).
 * This is the only file to edit when prices change.
 */

/** Prices of one model family, in USD per million tokens. */
export interface ModelPrice {
  family: string;
  input: number;
  output: number;
  /** 5-minute cache write (1.25 × input). */
  cacheWrite5m: number;
  /** 1-hour cache write (2 × input). */
  cacheWrite1h: number;
  /** Cache read (0.1 × input). */
  cacheRead: number;
}

/** A price row: the first row whose `match` occurs in the model id wins. */
export interface PriceRule {
  match: RegExp;
  price: ModelPrice;
}

/** When the table was last checked against the public price list. */
export const PRICES_AS_OF = '2025-11';

function family(family: string, input: number, output: number): ModelPrice {
  return { family, input, output, cacheWrite5m: input * 1.25, cacheWrite1h: input * 2, cacheRead: input * 0.1 };
}

/** Most specific rows first. Matches ids from the API, Bedrock (`us.anthropic.…`) and Vertex (`…@date`). */
export const PRICE_TABLE: readonly PriceRule[] = [
  { match: /claude-3-opus|opus-4-(?:0|1)(?:\D|$)|opus-4-2025/, price: family('opus-4.1', 15, 75) },
  { match: /opus/, price: family('opus', 5, 25) },
  { match: /sonnet/, price: family('sonnet', 3, 15) },
  { match: /claude-3-haiku/, price: family('haiku-3', 0.25, 1.25) },
  { match: /claude-3-5-haiku|haiku-3-5/, price: family('haiku-3.5', 0.8, 4) },
  { match: /haiku/, price: family('haiku', 1, 5) },
];

/** The price row for a model id, or null when the family is unknown (cost then counts as 0). */
export function priceFor(model: string, table: readonly PriceRule[] = PRICE_TABLE): ModelPrice | null {
  const id = model.toLowerCase();
  for (const rule of table) if (rule.match.test(id)) return rule.price;
  return null;
}
