import { describe, expect, it } from 'vitest';
import { F_BAD, F_FMT, F_NUM } from '../src/testing/index';
import { scenario } from './helpers';

const FINAL = 'Solve the task. Add {a} and {b}. Answer with the number only.';

describe('scenario S1: APO improves the number-lab prompt', () => {
  it.each([0, 1, 42])(
    'seed %i: best rises 0 -> 0.5 -> 1 through critique and edit',
    async (seed) => {
      const { apo, llm, store, logger, run } = scenario({ seed, apo: { publishBest: false } });
      await run();
      expect(apo.getBestPrompt().template).toBe(FINAL);
      expect(apo.getBestPrompt().engine).toBe('f-string');
      expect(apo.bestVersion).toBe('v5');
      expect(apo.bestScore).toBe(1);
      expect(apo.history.map((h) => h.bestScore)).toEqual([0, 0.5, 1]);
      expect(apo.history.map((h) => h.leaderVersion)).toEqual(['v0', 'v1', 'v5']);
      expect(apo.history.every((h) => h.improved)).toBe(true);
      expect(apo.history[1]?.beam.map((b) => b.version)).toEqual(['v1', 'v2']);
      expect(apo.history[2]?.beam.map((b) => b.version)).toEqual(['v5', 'v7']);
      // Harmful candidates are produced each round and never selected.
      expect(apo.history[1]?.candidates.find((c) => c.version === 'v3')?.template).toContain(F_BAD);
      expect(apo.history[2]?.candidates.find((c) => c.version === 'v6')?.template).toContain(F_BAD);
      for (const h of apo.history) expect(h.beam.map((b) => b.version)).not.toContain('v3');
      const best = apo.getBestPrompt().template;
      expect(best).toContain(F_NUM);
      expect(best).toContain(F_FMT);
      expect(best).not.toContain(F_BAD);
      // Costs.
      expect(llm.gradientCalls).toBe(8);
      expect(llm.editCalls).toBe(8);
      expect(llm.calls.every((c) => c.temperature === 1)).toBe(true);
      expect(store.count('train')).toBe(16);
      expect(store.count('val')).toBe(68);
      const ids = store.updates.map(([id]) => id);
      expect(ids).toHaveLength(22);
      expect(ids.slice(0, 11)).toEqual([
        'v0',
        'v0',
        'v0',
        'v0',
        'v0',
        'v0',
        'v1',
        'v2',
        'v3',
        'v4',
        'v1',
      ]);
      expect([...ids.slice(11, 15)].sort()).toEqual(['v1', 'v1', 'v2', 'v2']);
      expect(ids.slice(15)).toEqual(['v1', 'v2', 'v5', 'v6', 'v7', 'v8', 'v5']);
      expect(logger.lines).toContain(
        'INFO [Round 00 | Prompt v0] Seed prompt baseline score: 0.000',
      );
      expect(logger.lines).toContain(
        'INFO [Round 01] Beam width is currently 2, but only 1 prompts in beam. Replicating all prompts.',
      );
      expect(logger.lines).toContain(
        'INFO [Round 01 | Beam 01 | Prompt v0] Duplicated beam index found. Might be caused by beam_width too high. The real index of this beam is 2.',
      );
      expect(logger.lines).toContain('INFO [Round 01 | Prompt v1] Beam leader score: 0.500');
      expect(logger.lines).toContain(
        'INFO [Round 01 | Prompt v1] Best prompt updated. New best score: 0.500 (prev: 0.000)',
      );
    },
  );
});
