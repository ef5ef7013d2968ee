/**
 * Runs every benchmark of the in-memory store and prints one Markdown table.
 * Run with `pnpm bench` (node --expose-gc, so heap figures are meaningful).
 */
import { attemptRows } from './cases/attempts';
import { queryRow } from './cases/query';
import { queueRows } from './cases/queue';
import { spanRows } from './cases/spans';
import { hasGc } from './measure';
import { formatTable, type Row } from './table';

async function main(): Promise<void> {
  if (!hasGc) console.warn('warning: run with --expose-gc for meaningful heap figures');
  const started = performance.now();
  const rows: Row[] = [];
  const step = async (name: string, run: () => Promise<Row[] | Row>) => {
    process.stderr.write(`running ${name}...\n`);
    const result = await run();
    rows.push(...(Array.isArray(result) ? result : [result]));
  };
  await step('queue', () => queueRows(200_000));
  await step('attempts', () => attemptRows(200_000));
  await step('spans', () => spanRows(20_000));
  for (const size of [10_000, 100_000, 1_000_000])
    await step(`query ${size}`, () => queryRow(size));
  console.log(formatTable(rows));
  console.log(
    `\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}, total ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

await main();
