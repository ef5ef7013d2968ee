/**
 * Parses Python literal text, the subset `ast.literal_eval` accepts that span attributes use:
 * dicts, lists, tuples, strings with every `repr` escape, integers, floats, `True`, `False` and
 * `None`. The LLM gateway writes token-id lists and request bodies in this form.
 *
 * @module
 */
import { InvalidArgumentError } from '@agl/store-core';

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new InvalidArgumentError(`Invalid Python literal at ${this.pos}: ${what}`);
  }

  skip(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos] as string))
      this.pos++;
  }

  value(): unknown {
    this.skip();
    const ch = this.text[this.pos];
    if (ch === '{') return this.dict();
    if (ch === '[') return this.sequence('[', ']');
    if (ch === '(') return this.sequence('(', ')');
    if (ch === "'" || ch === '"') return this.string();
    for (const [word, value] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.number();
  }

  private dict(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    this.skip();
    while (this.text[this.pos] !== '}') {
      const key = this.value();
      this.skip();
      if (this.text[this.pos] !== ':') this.fail('expected ":"');
      this.pos++;
      out[String(key)] = this.value();
      this.skip();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skip();
      } else if (this.text[this.pos] !== '}') this.fail('expected "," or "}"');
    }
    this.pos++;
    return out;
  }

  private sequence(open: string, close: string): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.skip();
    while (this.text[this.pos] !== close) {
      if (this.pos >= this.text.length) this.fail(`unterminated "${open}"`);
      out.push(this.value());
      this.skip();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skip();
      } else if (this.text[this.pos] !== close) this.fail(`expected "," or "${close}"`);
    }
    this.pos++;
    return out;
  }

  private string(): string {
    const quote = this.text[this.pos] as string;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unterminated string');
      const ch = this.text[this.pos] as string;
      if (ch === quote) {
        this.pos++;
        return out;
      }
      if (ch !== '\\') {
        out += ch;
        this.pos++;
        continue;
      }
      const next = this.text[this.pos + 1] as string;
      const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
      if (width > 0) {
        const hex = this.text.slice(this.pos + 2, this.pos + 2 + width);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) this.fail('bad escape');
        out += String.fromCodePoint(Number.parseInt(hex, 16));
        this.pos += 2 + width;
      } else if (next in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[next];
        this.pos += 2;
      } else {
        out += `\\${next}`;
        this.pos += 2;
      }
    }
  }

  private number(): number {
    const match = /^-?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf|nan)/.exec(
      this.text.slice(this.pos),
    );
    if (!match) this.fail('unexpected text');
    this.pos += match[0].length;
    const text = match[0];
    if (text.endsWith('inf'))
      return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    return text === 'nan' ? Number.NaN : Number(text);
  }
}

/**
 * Parses Python literal text (`str()` of dicts, lists, strings, numbers, booleans and `None`).
 *
 * @param text - the literal
 * @returns the value (tuples become arrays)
 * @throws InvalidArgumentError when the text is not such a literal
 */
export function parsePyLiteral(text: string): unknown {
  const reader = new Reader(text);
  const value = reader.value();
  reader.skip();
  if (reader.pos !== text.length) reader.fail('trailing text');
  return value;
}
