/**
 * An append-only JSON-lines file: one JSON value per line. Appends are
 * buffered and written with one `write` call per turn of the event loop;
 * `flush()` and `close()` write at once.
 *
 * @module
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { UnavailableError } from '@agl/store-core';

/** A log opened for appends, with the values it already held. */
export interface OpenedLog {
  /** The log, ready for appends. */
  readonly log: JsonlLog;
  /** Every complete line's JSON value, in file order. */
  readonly values: unknown[];
}

/** An append-only JSON-lines file. */
export class JsonlLog {
  readonly #fd: number;
  #pending: string[] = [];
  #scheduled = false;
  #closed = false;

  private constructor(fd: number) {
    this.#fd = fd;
  }

  /**
   * Opens (or creates) a log and reads it. A last line cut short by a crash
   * (it does not parse) is skipped with a warning and cut off the file, so
   * new lines start cleanly; a bad line anywhere else is corruption and throws.
   *
   * @param path - the file
   * @param warn - receives the warning about a torn last line
   * @throws Error naming the file and line of a corrupt record
   */
  static open(path: string, warn: (message: string) => void): OpenedLog {
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const fd = openSync(path, 'a+');
    const lines = text.split('\n');
    const values: unknown[] = [];
    let offset = 0;
    for (const [index, line] of lines.entries()) {
      const last = index === lines.length - 1;
      if (line.trim() !== '') {
        try {
          values.push(JSON.parse(line));
        } catch (error) {
          if (!last) throw new Error(`${path}:${index + 1}: corrupt record`, { cause: error });
          warn(`${path}: skipped a torn last line (${line.length} characters) left by a crash`);
          ftruncateSync(fd, Buffer.byteLength(text.slice(0, offset)));
          break;
        }
        if (last) writeSync(fd, '\n'); // complete record without its newline
      }
      offset += line.length + 1;
    }
    return { log: new JsonlLog(fd), values };
  }

  /**
   * Appends one line (a JSON text without newlines), written soon.
   *
   * @param line - the JSON text
   * @throws UnavailableError when the log is closed
   */
  append(line: string): void {
    if (this.#closed) throw new UnavailableError('The store is closed: it accepts no more writes');
    this.#pending.push(line);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes every pending line now. */
  flush(): void {
    this.#scheduled = false;
    if (this.#pending.length === 0) return;
    const text = `${this.#pending.join('\n')}\n`;
    this.#pending = [];
    writeSync(this.#fd, text);
  }

  /** Flushes and closes the file (once). */
  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
    closeSync(this.#fd);
  }
}
