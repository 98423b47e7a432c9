// What a deployed stack costs while nothing calls it: the resources billed by the hour or the month
// whatever the traffic, per kind (prices.json, the one table of prices, with the date they were read),
// summed for the project. Everything else the kinds create bills per request, message or GB.
import table from './prices.json' with { type: 'json' };

type PriceId = keyof typeof table.prices;
interface Price {
  what: string;
  usdPerHour?: number;
  usdPerMonth?: number;
}
type Counts = Partial<Record<PriceId, number>>;
interface KindCosts {
  /** for each function that has the kind */
  function?: Counts;
  /** once for the stack, however many functions have the kind */
  stack?: Counts;
  /** what of the stack's own `stack` counts for ("the alarm topic") */
  stackFor?: string;
}

export const IDLE_COSTS = table as {
  date: string;
  region: string;
  hoursPerMonth: number;
  prices: Record<PriceId, Price & { source: string }>;
  kinds: Record<string, KindCosts>;
};

const monthly = (price: Price) => price.usdPerMonth ?? (price.usdPerHour ?? 0) * IDLE_COSTS.hoursPerMonth;

export interface IdleCostRow {
  count: number;
  what: string;
  /** whose it is: the functions, in backticks, and what of the stack's own (a kind's `stackFor`) */
  for: string;
  /** a month of it, in USD with two decimals */
  usd: string;
}

/** The idle costs of a project whose functions have these kinds, one row per price, in the table's order, and their sum. */
export function idleCostsOf(functions: readonly { name: string; kinds: readonly string[] }[]) {
  const rows = new Map<PriceId, { count: number; for: Set<string> }>();
  const add = (counts: Counts | undefined, owner: string) => {
    for (const [id, count] of Object.entries(counts ?? {}) as [PriceId, number][]) {
      const row = rows.get(id) ?? { count: 0, for: new Set<string>() };
      row.count += count;
      row.for.add(owner);
      rows.set(id, row);
    }
  };
  const stackKinds = new Set<string>();
  for (const fn of functions) {
    for (const kind of fn.kinds) {
      add(IDLE_COSTS.kinds[kind]?.function, `\`${fn.name}\``);
      if (IDLE_COSTS.kinds[kind]?.stack && !stackKinds.has(kind)) {
        stackKinds.add(kind);
        add(IDLE_COSTS.kinds[kind]?.stack, IDLE_COSTS.kinds[kind]?.stackFor ?? 'the stack');
      }
    }
  }
  const list = (Object.keys(IDLE_COSTS.prices) as PriceId[])
    .filter((id) => rows.has(id))
    .map((id) => {
      const { count, for: owners } = rows.get(id) as { count: number; for: Set<string> };
      // whole cents, half up (0.0225 × 730 is 16.425 on paper, a hair less in binary), so the rows add up to the total
      const cents = Math.round(count * monthly(IDLE_COSTS.prices[id]) * 100 + 1e-6);
      return { count, what: IDLE_COSTS.prices[id].what, for: [...owners].join(', '), cents };
    });
  const dollars = (cents: number) => (cents / 100).toFixed(2);
  return {
    date: IDLE_COSTS.date,
    region: IDLE_COSTS.region,
    rows: list.map(({ cents, ...row }): IdleCostRow => ({ ...row, usd: dollars(cents) })),
    total: dollars(list.reduce((sum, row) => sum + row.cents, 0)),
  };
}
