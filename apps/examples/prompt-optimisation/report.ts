/**
 * The table the demo prints at the end: one line per round with its best
 * candidate, its score and the best score so far, then the winning prompt.
 *
 * @module
 */
import { PromptTemplate } from '@agl/trainer';
import type { Round, SearchResult } from './algorithm';
import type { ArithmeticTask } from './tasks';

const pad = (text: string, width: number) => text.padEnd(width);
const num = (n: number) => n.toFixed(2).padStart(5);
const label = (added: string | null) => (added === null ? '(seed)' : `+ ${added}`);

/**
 * One line of live progress for a finished round.
 *
 * @param round - the round
 */
export function formatRound(round: Round): string {
  const tried = round.candidates.map((c) => `${label(c.added)} = ${c.score.toFixed(2)}`).join(', ');
  const verdict = round.improved ? `best so far ${round.bestSoFar.toFixed(2)}` : 'no improvement';
  return `round ${round.round}: ${tried} -> ${verdict}`;
}

/**
 * Formats the result as plain text.
 *
 * @param result - the search result
 * @param example - a task to render the winning prompt with
 */
export function formatReport(result: SearchResult, example?: ArithmeticTask): string {
  const width = Math.max(...result.rounds.map((r) => label(r.best.added).length), 20);
  const lines = [`round  ${pad('best candidate of the round', width)}  score  best so far`];
  for (const round of result.rounds) {
    const note = round.improved ? '' : '  (no strict improvement: stop)';
    lines.push(
      `${String(round.round).padStart(5)}  ${pad(label(round.best.added), width)}  ${num(round.best.score)}  ${num(round.bestSoFar)}${note}`,
    );
  }
  lines.push('', `score history: ${result.history.map((s) => s.toFixed(1)).join(' -> ')}`);
  lines.push(`winning prompt (score ${result.bestScore.toFixed(2)}):`, `  ${result.bestTemplate}`);
  if (example) {
    lines.push(
      'rendered for one task:',
      `  ${new PromptTemplate(result.bestTemplate).format(example)}`,
    );
  }
  return lines.join('\n');
}
