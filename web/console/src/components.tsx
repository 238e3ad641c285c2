import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Api } from './api';
import type { ConsoleAuth } from './auth';
import { formatTime, relativeTime } from './format';
import type { Route } from './router';
import type { User } from './types';

/** Where a page belongs in the navigation: with the pages of that kind, or nowhere (null). */
export type Section = Route['page'] | null;

/**
 * Says where the page belongs in the navigation when its route alone cannot tell: a live
 * session is one of a user's (`'user'`: Users), an ended one a piece of the audit trail
 * (`'audit'`). Undefined: not known yet, nothing is marked.
 */
export function useSection(section: Section | undefined): void {
  const set = useConsole().setSection;
  useEffect(() => {
    if (section !== undefined) set(section);
  }, [section, set]);
}

/** What every page gets: the API, the signed-in admin, and where to say its section (useSection). */
export interface ConsoleValue {
  api: Api;
  me: User;
  setSection: (section: Section) => void;
  /** The admin's own session, for actions that need a step-up. */
  auth: Pick<ConsoleAuth, 'stepUp' | 'passkeys'>;
}

/** The signed-in admin and the API, for every page. */
export const ConsoleContext = createContext<ConsoleValue | null>(null);

export function useConsole(): ConsoleValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole outside the signed-in console');
  return value;
}

/** Loads with `load` whenever `deps` change; `reload()` loads again. Errors are kept to be shown. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, version]);
  return { ...state, reload: () => setVersion((v) => v + 1) };
}

/** Cursor paging: a stack of the cursors of the pages before this one. */
export function usePager(resetOn: unknown[]) {
  const [stack, setStack] = useState<(string | undefined)[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  useEffect(() => {
    setStack([]);
    setCursor(undefined);
  }, resetOn);
  return {
    cursor,
    page: stack.length + 1,
    next: (nextCursor: string) => {
      setStack((s) => [...s, cursor]);
      setCursor(nextCursor);
    },
    previous: () => {
      setCursor(stack[stack.length - 1]);
      setStack((s) => s.slice(0, -1));
    },
  };
}

export function Pager({
  label,
  pager,
  nextCursor,
}: {
  label: string;
  pager: ReturnType<typeof usePager>;
  nextCursor: string | null | undefined;
}) {
  if (pager.page === 1 && !nextCursor) return null;
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={pager.previous} disabled={pager.page === 1}>
        Previous page
      </button>
      <span>Page {pager.page}</span>
      <button type="button" onClick={() => nextCursor && pager.next(nextCursor)} disabled={!nextCursor}>
        Next page
      </button>
    </nav>
  );
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const details = error.details.map((d) => (d.message.startsWith(d.field) ? d.message : `${d.field}: ${d.message}`)).join('; ');
    return `${error.message} (${error.status ? `${error.status} ` : ''}${error.code})${details ? `: ${details}` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** An API error, announced and shown as the API said it. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return (
    <p class="error" role="alert">
      {describeError(error)}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status">
      Loading {what}…
    </p>
  );
}

/** The page title, focused when the page opens so keyboard and screen-reader users start there. */
export function PageTitle({ children, title }: { children: ComponentChildren; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Admin console`;
    ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={relativeTime(iso)}>
      {formatTime(iso)}
    </time>
  );
}

/** An audit event's detail as a definition list. */
export function DetailList({ detail }: { detail: Record<string, unknown> }) {
  const entries = Object.entries(detail);
  if (entries.length === 0) return <span class="muted">—</span>;
  return (
    <dl class="detail">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>
            {key === 'by' && typeof value === 'string' ? (
              <a href={`#/users/${encodeURIComponent(value)}`} aria-label={`admin ${value}`}>
                {value}
              </a>
            ) : (
              showValue(key, value)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A detail value in words: a missing one is a dash (a device without a name is "Unnamed device"), never "null". */
function showValue(key: string, value: unknown) {
  if (value === null || value === undefined || value === '')
    return <span class="muted">{key === 'deviceName' ? 'Unnamed device' : '—'}</span>;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * A modal confirmation (the native <dialog>: focus stays inside, Escape cancels). It says what
 * will happen; an error of the action is shown inside it and the dialog stays open.
 */
export function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const close = () => {
    ref.current?.close(); // hands focus back to the control that opened it
    props.onClose();
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
      close();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <dialog
      ref={ref}
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      onCancel={(e) => (busy ? e.preventDefault() : close())}
    >
      <form onSubmit={submit}>
        <h2 id="confirm-title">{props.title}</h2>
        <div id="confirm-body">{props.children}</div>
        <ErrorMessage error={error} />
        <div class="actions">
          <button type="submit" class={props.danger ? 'danger' : 'primary'} disabled={busy}>
            {props.confirmLabel}
          </button>
          <button type="button" onClick={close} disabled={busy} autofocus>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

/**
 * An action of a page (end a session...): what it did goes to `notice`, an API refusal to
 * `error`, and `after` runs either way, since the refusal may mean the data changed meanwhile.
 */
export function useAction() {
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const run = async (work: () => Promise<unknown>, done: string, after?: () => void) => {
    setError(undefined);
    try {
      await work();
      setNotice(done);
    } catch (e) {
      setError(e);
    }
    after?.();
  };
  return { notice, error, run, setNotice };
}

/** A polite announcement of what an action did ("Session ended"). */
export function Notice({ text }: { text: string | undefined }) {
  return (
    <p class={text ? 'notice' : 'notice empty'} role="status">
      {text ?? ''}
    </p>
  );
}
