import { describe, expect, it } from 'vitest';
import { diffResources, lineDiff, templatePlaceholders } from '../src/core/diff';
import { apiKeyLabel, HIDDEN, maskJson, maskString } from '../src/core/mask';

describe('masking', () => {
  it('hides secret keys, bearer values, OpenAI keys and URL passwords', () => {
    const masked = maskJson({
      llm: { api_key: 'sk-test-SECRET-0123456789abcdef', endpoint: 'http://u:pw@host/v1' },
      attributes: {
        'http.request.header.authorization': 'Bearer SECRET-XYZ',
        note: 'key sk-abcdefghijklmnopqrstu in text',
      },
      list: ['Basic abc', 'fine'],
      empty: { password: null },
    });
    const text = JSON.stringify(masked);
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('sk-abcdefghijklmnop');
    expect(text).not.toContain(':pw@');
    expect(masked).toMatchObject({
      llm: { api_key: HIDDEN },
      list: [HIDDEN, 'fine'],
      empty: { password: null },
    });
    expect(maskString('plain text')).toBe('plain text');
    expect(apiKeyLabel('x')).toBe('set (hidden)');
    expect(apiKeyLabel(null)).toBe('not set');
  });
});

describe('diff', () => {
  it('diffs lines', () => {
    expect(lineDiff('a\nb\nc', 'a\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
  });

  it('lists added, removed and changed resources without exposing secrets', () => {
    const before = {
      llm: {
        resource_type: 'llm',
        model: 'm1',
        api_key: 'old',
        sampling_parameters: { temperature: 0.1 },
      },
      prompt: { resource_type: 'prompt_template', template: 'Hello {name}', engine: 'f-string' },
      gone: { resource_type: 'llm' },
    };
    const after = {
      llm: {
        resource_type: 'llm',
        model: 'm2',
        api_key: 'new',
        sampling_parameters: { temperature: 0.7, top_p: 1 },
      },
      prompt: { resource_type: 'prompt_template', template: 'Hi {name}', engine: 'f-string' },
      fresh: { resource_type: 'llm' },
    };
    const diff = diffResources(before, after);
    expect(diff.map((d) => [d.name, d.kind])).toEqual([
      ['fresh', 'added'],
      ['gone', 'removed'],
      ['llm', 'changed'],
      ['prompt', 'changed'],
    ]);
    const llm = diff.find((d) => d.name === 'llm');
    expect(llm?.secrets).toEqual([{ path: 'api_key', changed: true }]);
    expect(JSON.stringify(llm)).not.toMatch(/"old"|"new"/);
    expect(llm?.fields.map((f) => f.path)).toEqual([
      'model',
      'sampling_parameters.temperature',
      'sampling_parameters.top_p',
    ]);
    expect(diff.find((d) => d.name === 'prompt')?.template?.map((l) => l.kind)).toEqual([
      'removed',
      'added',
    ]);
  });

  it('finds template placeholders', () => {
    expect(templatePlaceholders('Hi {name}, {{literal}} {count:>3}', 'f-string')).toEqual([
      'name',
      'count',
    ]);
    expect(templatePlaceholders('{% for x in items %}{{ x }}{% endfor %}', 'jinja')).toEqual([
      'x',
      '{% for x in items %}',
      '{% endfor %}',
    ]);
    expect(templatePlaceholders('<p>{{a}}</p>', 'poml')).toEqual([]);
  });
});
