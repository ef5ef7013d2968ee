/**
 * Text output of APO: log prefixes, score formatting, the per-round progress
 * line and the final table of scores per round.
 *
 * @module
 */
import type { ApoHistoryEntry } from './types';

/** The parts a log prefix may name. */
export interface LogPrefixParts {
  /** Round (0 = seed validation). */
  round?: number;
  /** Beam index, 0-based (printed 1-based). */
  beamIndex?: number;
  /** Branch index, 0-based (printed 1-based). */
  branchIndex?: number;
  /** Prompt version. */
  promptVersion?: string;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `[Round 01 | Beam 02 | Branch 01 | Prompt v3] `, or `''` when no part is given. */
export function formatLogPrefix(parts: LogPrefixParts): string {
  const out: string[] = [];
  if (parts.round !== undefined) out.push(`Round ${two(parts.round)}`);
  if (parts.beamIndex !== undefined) out.push(`Beam ${two(parts.beamIndex + 1)}`);
  if (parts.branchIndex !== undefined) out.push(`Branch ${two(parts.branchIndex + 1)}`);
  if (parts.promptVersion !== undefined) out.push(`Prompt ${parts.promptVersion}`);
  return out.length === 0 ? '' : `[${out.join(' | ')}] `;
}

/** A score with three decimals; `-inf` for a score never measured. */
export function formatScore(score: number | null): string {
  if (score === null) return 'N/A';
  if (score === Number.NEGATIVE_INFINITY) return '-inf';
  return score.toFixed(3);
}

/** `v1:0.500, v2:N/A` */
export function formatVersions(
  prompts: readonly { version: string; score: number | null }[],
): string {
  return prompts
    .map((p) => (p.score === null ? p.version : `${p.version}:${formatScore(p.score)}`))
    .join(', ');
}

/** One line of live progress for a history entry. */
export function formatRoundLine(entry: ApoHistoryEntry, rounds: number): string {
  const head = entry.round === 0 ? 'seed' : `round ${entry.round}/${rounds}`;
  const beam = entry.round === 0 ? '' : ` | beam [${formatVersions(entry.beam)}]`;
  const failed = entry.failedRollouts > 0 ? ` | ${entry.failedRollouts} rollouts failed` : '';
  return `APO ${head}${beam} | leader ${entry.leaderVersion} ${formatScore(entry.leaderScore)} | best ${entry.bestVersion} ${formatScore(entry.bestScore)}${entry.improved ? ' (improved)' : ''}${failed}`;
}

const cut = (text: string, width: number): string =>
  text.length <= width ? text : `${text.slice(0, width - 1)}…`;

/**
 * The final table: one row per round with the candidates made, the beam, the
 * leader's whole-validation score and the best so far.
 *
 * @param history - the history entries
 */
export function formatHistoryTable(history: readonly ApoHistoryEntry[]): string {
  const rows = [['round', 'new', 'beam (batch scores)', 'leader', 'val score', 'best so far']];
  for (const h of history) {
    rows.push([
      String(h.round),
      String(h.candidates.length),
      cut(formatVersions(h.beam), 40),
      h.leaderVersion,
      formatScore(h.leaderScore),
      `${formatScore(h.bestScore)} (${h.bestVersion})${h.improved ? ' *' : ''}`,
    ]);
  }
  const widths = (rows[0] as string[]).map((_, i) =>
    Math.max(...rows.map((r) => r[i]?.length ?? 0)),
  );
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
