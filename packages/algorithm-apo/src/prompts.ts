/**
 * The built-in critique ("textual gradient") and edit templates. Three
 * critique styles and two edit styles; one of each kind is drawn per call so
 * the critiques and rewrites stay diverse. Each renders to plain chat
 * messages with Markdown headings; the prompt text and the critique are
 * always inserted verbatim, and rollout data as compact JSON.
 *
 * Replace or extend them through the `gradientPrompts` / `applyEditPrompts`
 * options of `APO`; any object with a `name` and a `render` function fits.
 *
 * @module
 */
import type {
  ApoChatMessage,
  ApoPrompt,
  ApplyEditPromptContext,
  GradientPromptContext,
  RolloutResultForAPO,
} from './types';

/** Joins the non-empty blocks with one blank line. */
const blocks = (...parts: string[]): string => parts.filter((p) => p !== '').join('\n\n');
/** Compact JSON with runs of spaces collapsed, so long traces stay readable and short. */
const json = (value: unknown): string => JSON.stringify(value).replace(/ {2,}/g, ' ');
/** A reward as text: `null` prints nothing. */
const scalar = (value: number | null): string => (value === null ? '' : String(value));
const user = (content: string): ApoChatMessage => ({ role: 'user', content });
const system = (content: string): ApoChatMessage => ({ role: 'system', content });

const rewardLine = (e: RolloutResultForAPO): string =>
  `Outcome: ${e.status}. Final reward: ${scalar(e.final_reward)}`.trimEnd();

/** Critique style 1: status, reward and chat traces per run; asks for testable bullet points. */
export const textGradientVariant01: ApoPrompt<GradientPromptContext> = {
  name: 'text_gradient_variant01',
  render: (ctx) => [
    user(
      blocks(
        'You are improving a prompt template by studying how it performed.',
        '# Prompt Template Under Review',
        ctx.prompt_template,
        '# Runs Made With This Template',
        ...ctx.experiments.flatMap((e, i) => [
          `## Run ${i + 1}`,
          rewardLine(e),
          '### Chat Messages of the Run (grader calls included)',
          json(e.messages),
        ]),
        '# What To Do',
        'Write a short critique naming the concrete reasons the runs lost reward and what would earn more next time. Answer as a bullet list of specific, checkable changes (output format, constraints, order of instructions, definitions).',
      ),
    ),
  ],
};

/** Critique style 2: the raw spans of each run; asks for 3-5 bullets on missing mechanics. */
export const textGradientVariant02: ApoPrompt<GradientPromptContext> = {
  name: 'text_gradient_variant02',
  render: (ctx) => [
    user(
      blocks(
        '# Role',
        'You review prompts for a living.',
        '# Task',
        'Find where the template below did not make the model do the right thing.',
        '# Template',
        ctx.prompt_template,
        '# Traces of Runs With This Template',
        'Each run below is listed as its OpenTelemetry spans, one JSON object per line. They hold the prompts sent, the responses received and the rewards given.',
        ...ctx.experiments.flatMap((e, i) => [
          `## Trace of Run #${i + 1}`,
          e.spans.map(json).join('\n'),
        ]),
        '# Answer Format',
        "Give 3 to 5 short bullets under the title 'Critique:', about missing constraints, instruction order or output format.",
      ),
    ),
  ],
};

/** System message of critique style 3: a review checklist. */
export const TEXT_GRADIENT_VARIANT03_SYSTEM = blocks(
  '# Role',
  'You are a senior prompt reviewer.',
  '# Task',
  'Review the prompt the user sends, together with the runs made with it, and write a critique. Work through the checklist below in order.',
  '## 1. Goal and structure',
  '- Is the expected result stated, so that success can be judged in one sentence?\n- Do any two instructions contradict each other?\n- Is it clear when the task is finished?',
  '## 2. Wording of instructions',
  '- Replace vague verbs ("improve", "handle", "make sure") with precise, checkable ones.\n- Make clear which rule wins when two rules conflict.\n- Keep principles apart from step-by-step procedure; merge duplicated rules.',
  '## 3. Inputs and outputs',
  '- Is every input the prompt relies on actually present in it?\n- Is the output format spelled out exactly, and does it stay the same throughout?\n- Is there a step to check the answer before giving it?',
  '## 4. Behaviour and limits',
  '- Are limits on length, tools and retries stated?\n- Is it said what to do when information is missing or a step fails?\n- Is anything allowed that should need confirmation?',
  '## 5. Economy',
  '- Remove explanations that numbered steps would replace.\n- State hidden assumptions (units, language, defaults).',
  '## How to review',
  '1. Read the prompt and the runs completely.\n2. For each checklist area, note whether it is clear, incomplete, contradictory or redundant.\n3. Connect each problem to what went wrong in the runs and their rewards.',
  '# Answer Format',
  'A complete but compact critique, direct in tone, under 350 words.',
);

/** Critique style 3: a reviewer's checklist as system message; runs with status and score. */
export const textGradientVariant03: ApoPrompt<GradientPromptContext> = {
  name: 'text_gradient_variant03',
  render: (ctx) => [
    system(TEXT_GRADIENT_VARIANT03_SYSTEM),
    user(
      blocks(
        '# Prompt',
        ctx.prompt_template,
        '# Runs of the Prompt (messages and rewards)',
        ...ctx.experiments.flatMap((e, i) => [
          `## Run #${i + 1}`,
          '### Result',
          `The run ended as ${e.status} with a final score of ${scalar(e.final_reward)}.`,
          '### Messages',
          json(e.messages),
        ]),
      ),
    ),
  ],
};

/** System message of edit style 1. */
export const APPLY_EDIT_VARIANT01_SYSTEM = blocks(
  'Rewrite the prompt template the user sends so that it satisfies the critique.',
  '# Rules',
  '1. Restructure the prompt freely when the critique calls for it.\n2. When the critique asks for an output format, a structure or a length limit, state it explicitly.\n3. Say what to do first, then how to do it.\n4. Keep every placeholder in curly brackets, such as {name}, exactly as it is.',
  '# Answer Format',
  'Reply with the rewritten template only, placeholders intact: no explanation, no heading, no preamble.',
);

/** Edit style 1: apply the whole critique. */
export const applyEditVariant01: ApoPrompt<ApplyEditPromptContext> = {
  name: 'apply_edit_variant01',
  render: (ctx) => [
    system(APPLY_EDIT_VARIANT01_SYSTEM),
    user(blocks('# Prompt Template', ctx.prompt_template, '# Critique', ctx.critique)),
  ],
};

/** System message of edit style 2 (a conservative edit). */
export const APPLY_EDIT_VARIANT02_SYSTEM = blocks(
  'Change the prompt to fix exactly ONE point of the critique: the one that matters most. Keep every variable in curly brackets unchanged.',
  'Leave the other critique points for later edits.',
  'Stay close to the original prompt in tone, length and layout.',
  '# Answer Format',
  'Reply with the full revised prompt only, nothing before or after it.',
);

/** Edit style 2: a conservative edit that fixes one critique point. */
export const applyEditVariant02: ApoPrompt<ApplyEditPromptContext> = {
  name: 'apply_edit_variant02',
  render: (ctx) => [
    system(APPLY_EDIT_VARIANT02_SYSTEM),
    user(blocks('### PROMPT', ctx.prompt_template, '### CRITIQUE', ctx.critique)),
  ],
};

/** The built-in critique templates, in the order APO draws from. */
export const TEXT_GRADIENT_PROMPTS: readonly ApoPrompt<GradientPromptContext>[] = [
  textGradientVariant01,
  textGradientVariant02,
  textGradientVariant03,
];

/** The built-in edit templates, in the order APO draws from. */
export const APPLY_EDIT_PROMPTS: readonly ApoPrompt<ApplyEditPromptContext>[] = [
  applyEditVariant01,
  applyEditVariant02,
];
