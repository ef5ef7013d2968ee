import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

export default defineConfig(
  packageBuild({
    index: 'src/index.ts',
    openai: 'src/openai.ts',
    'ai-sdk': 'src/ai-sdk.ts',
    'openai-agents': 'src/openai-agents.ts',
    langchain: 'src/langchain.ts',
  }),
);
