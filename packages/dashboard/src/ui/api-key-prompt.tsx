import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { apiKeyNeeded, getApiKey, onApiKeyNeeded, setApiKey } from './data/api';

/**
 * Asks for the store's access key after the store refused a request (401):
 * the key is kept for this tab only and sent as a header with every request.
 */
export function ApiKeyPrompt() {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => onApiKeyNeeded(() => rerender(0)), []);
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const needed = apiKeyNeeded();
  useEffect(() => {
    if (needed) input.current?.focus();
  }, [needed]);
  if (!needed) return null;
  const refused = getApiKey() !== null;
  return (
    <div class="drawer-backdrop">
      <form
        class="help key-prompt"
        role="dialog"
        aria-modal="true"
        aria-labelledby="key-prompt-title"
        onSubmit={(event) => {
          event.preventDefault();
          if (value.trim()) setApiKey(value.trim());
          setValue('');
        }}
      >
        <h2 id="key-prompt-title">Access key required</h2>
        <p>
          {refused
            ? 'The store refused the access key. Enter the key again.'
            : 'This store requires an access key (agl store --api-key).'}{' '}
          It is kept in this browser tab only and sent with every request to the store.
        </p>
        <label>
          Access key{' '}
          <input
            ref={input}
            type="password"
            autocomplete="off"
            value={value}
            onInput={(event) => setValue((event.target as HTMLInputElement).value)}
          />
        </label>{' '}
        <button type="submit">Use key</button>
      </form>
    </div>
  );
}
